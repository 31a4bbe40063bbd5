"""The shopping task's `bow` encodings (docs/encodings.md, "Shopping") in Python, number for number as
nodes/environment/shopping/encodings.ts writes them: hashed bags of words, read from the observation's
own fields, so a recorded dataset encodes without the catalogue.

    from foresight_env.shopping_encodings import encode_shopping, encode_shopping_action
    encode_shopping(record["observation"])                               # 2 × 256 numbers
    encode_shopping_action(record["action"], record["observation"])     # 256 numbers
"""

import json
import math
import re
from array import array
from decimal import ROUND_HALF_UP, Decimal

__all__ = ["BOW_SIZE", "encode_shopping", "encode_shopping_action", "page_text"]

BOW_SIZE = 256

# The buttons a page shows, as nodes/environment/shopping/actions.ts names them.
_BACK_TO_SEARCH, _NEXT, _PREV, _BUY_NOW = "Back to Search", "Next >", "< Prev", "Buy Now"
_BUTTONS = (_BACK_TO_SEARCH, _NEXT, _PREV, _BUY_NOW)
_BRACKETED = re.compile(r"(search|click|choose)\s*\[(.*)\]", re.IGNORECASE | re.DOTALL)


def encode_shopping(observation):
    """An observation (`{"instruction", "page"}`, or its JSON text) as `bow`: row 0 the instruction's
    words, row 1 the page text's, each row scaled to unit length; 512 float32 values, row-major."""
    observation = _observation(observation)
    return _bag(observation["instruction"]) + _bag(page_text(observation["page"]))


def encode_shopping_action(action, observation):
    """An action's text as the `bow` action encoding (256 values), read on the page of `observation`:
    a `click[<id>]` of a product its results page lists is read as `click <the product's title>`."""
    if not isinstance(action, str):
        raise ValueError(f"a shopping action is text, not {json.dumps(action)}")
    if action.startswith('"'):
        action = json.loads(action)  # a dataset records the action as JSON text: a quoted string
    page = _observation(observation)["page"]
    text = action
    target = _clicked(action)
    if target is not None and page.get("kind") == "results":
        titles = [item["title"] for item in page["items"] if item["id"] == target]
        if titles:
            text = f"click {titles[0]}"
    return _bag(text)


def page_text(page):
    """The page as text, without the instruction line (what LLM prompts read below it)."""
    kind = page.get("kind")
    if kind == "search":
        return "[Search]"
    if kind == "results":
        nav = [f"[{_BACK_TO_SEARCH}]"] + ([f"[{_PREV}]"] if page["page"] > 1 else []) + ([f"[{_NEXT}]"] if page["page"] < page["pages"] else [])
        head = f'Page {_number(page["page"])} of {_number(page["pages"])} ({_number(page["total"])} results for "{page["query"]}")'
        items = [f"[{item['id']}] {item['title']} | {_dollars(item['price'])}" for item in page["items"]]
        return "\n".join([" ".join(nav), head] + (items or ["No products match."]))
    if kind == "item":
        options = []
        for group in page["options"]:
            chosen = page["chosen"].get(group["name"])
            options.append(f"{group['name']}: {' '.join(f'[{v}]' for v in group['values'])}" + (f" (chosen: {chosen})" if chosen is not None else ""))
        return "\n".join(
            [
                f"[{_BACK_TO_SEARCH}] [{_PREV}]",
                page["title"],
                f"Price: {_dollars(page['price'])}",
                f"Category: {page['category']}",
                f"Features: {', '.join(page['features'])}",
                *options,
                f"[{_BUY_NOW}]",
            ]
        )
    if kind == "done":
        chosen = [f"{name}: {value}" for name, value in page["chosen"].items()]
        bought = f"Bought {page['title']} ({page['id']}) for {_dollars(page['price'])}{', ' + ', '.join(chosen) if chosen else ''}."
        return f"{bought}\nReward: {_fixed(page['reward'], 3)}"
    raise ValueError(f"{json.dumps(page)[:80]} is not a shopping page (search, results, item or done)")


def _observation(observation):
    if isinstance(observation, str):
        observation = json.loads(observation)
    if not isinstance(observation, dict) or not isinstance(observation.get("instruction"), str) or not isinstance(observation.get("page"), dict):
        raise ValueError(f"{json.dumps(observation)[:80]} is not a shopping observation ({{ instruction, page }})")
    return observation


def _clicked(action):
    """The product id or button a `click[...]` names, as the environment reads it; None for other actions."""
    match = _BRACKETED.fullmatch(action.strip())
    if not match or match.group(1).lower() != "click":
        return None
    argument = re.sub(r"\s+", " ", match.group(2).strip())
    if not argument:
        return None
    button = next((b for b in _BUTTONS if b.lower() == argument.lower()), None)
    if button == _BUY_NOW:
        return None  # click[Buy Now] is `buy`
    return button if button is not None else argument.upper()


def _bag(text):
    counts = [0] * BOW_SIZE
    for word in re.findall(r"[a-z0-9]+", text.lower()):
        counts[_fnv1a(word) % BOW_SIZE] += 1
    norm = sum(c * c for c in counts)
    if norm == 0:
        return [0.0] * BOW_SIZE
    scale = 1 / math.sqrt(norm)
    return array("f", [c * scale for c in counts]).tolist()


def _fnv1a(word):
    hash_ = 0x811C9DC5
    for ch in word:
        hash_ = ((hash_ ^ ord(ch)) * 0x01000193) & 0xFFFFFFFF
    return hash_


def _number(x):
    """A number as JavaScript's String() writes it, for the integers pages show."""
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def _dollars(price):
    return f"${_fixed(price, 2)}"


def _fixed(x, digits):
    # JavaScript's toFixed rounds the exact binary value half away from zero (0.0625 → "0.063");
    # Python's format rounds half to even ("0.062"): the words would differ.
    return f"{Decimal(x).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP):f}"
