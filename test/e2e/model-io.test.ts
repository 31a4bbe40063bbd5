import { describe, expect, it } from "vitest";
import { chromium, needs } from "../fixtures/requirements.js";
import { editorForFile, openFromDialog } from "./editor-harness.js";

const editor = editorForFile();

describe("mapping a node's params to its model's inputs and outputs", needs(chromium()), () => {
  it("offers the model's names, flags one it lacks, and falls back to free text when the model cannot be read", async () => {
    const { page } = editor;
    await page.getByRole("button", { name: "Open", exact: true }).click();
    await page.getByRole("dialog").getByRole("button", { name: "examples/gridworld-vgps-onnx.foresight.json" }).click();
    await page.getByRole("group", { name: "Learned Q (ONNX)" }).click();
    const inspector = page.getByRole("complementary", { name: "Inspector" });
    const output = inspector.getByRole("combobox", { name: "output", exact: true });
    await output.waitFor();
    expect(await output.inputValue()).toBe("q_values");
    expect(await output.locator("option").allTextContents()).toEqual(["q_values"]);
    expect(await inspector.getByRole("combobox", { name: "stateInput" }).locator("option").allTextContents()).toEqual(["observation"]);
    expect(await output.getAttribute("aria-invalid")).toBe("false");

    // A q-s model has no action input, and a q-s scorer does not read one: the field is not shown until the form needs it.
    const actionInput = inspector.getByRole("combobox", { name: "actionInput" });
    expect(await actionInput.count()).toBe(0);
    await expect.poll(() => inspector.textContent()).toContain("Not used while form is q-s: actionInput, actionEncoding, gamma, samples.");
    await inspector.getByLabel("form", { exact: true }).selectOption("q-sa");
    await expect.poll(() => actionInput.getAttribute("aria-invalid")).toBe("true");
    await expect.poll(() => inspector.textContent()).toContain("The model has no input named “action”; its inputs: observation.");
    await actionInput.scrollIntoViewIfNeeded();
    await page.screenshot({ path: "test/e2e/screenshots/model-io-flagged-light.png" });
    await actionInput.selectOption("observation");
    // Cleared once the host's validation of the changed pipeline answers: seconds under the whole suite's load.
    await expect.poll(() => actionInput.getAttribute("aria-invalid"), { timeout: 15_000 }).toBe("false");

    // No model to read: type the names.
    await inspector.getByLabel("model", { exact: true }).fill("../assets/models/missing.onnx");
    await expect.poll(() => inspector.getByRole("textbox", { name: "stateInput" }).count()).toBe(1);
    await expect.poll(() => inspector.textContent()).toContain("The model cannot be read; type the input's name.");
    await page.screenshot({ path: "test/e2e/screenshots/model-io-unreadable-light.png" });
  }, 60_000);

  it("maps a nested model's tensors (the rollout's dynamics) and leaves a policy's unused head alone", async () => {
    const { page } = editor;
    await openFromDialog(page, "examples/gridworld-worldmodel.foresight.json");
    const inspector = page.getByRole("complementary", { name: "Inspector" });

    await page.getByTestId("node:rollout").click();
    const nextState = inspector.getByRole("combobox", { name: "nextState" });
    await nextState.waitFor();
    expect(await nextState.inputValue()).toBe("next_state");
    for (const name of ["input", "nextState", "reward", "done", "hazard"]) {
      expect(await inspector.getByRole("combobox", { name, exact: true }).getAttribute("aria-invalid"), name).toBe("false");
    }

    // A categorical policy reads logits; its gaussian outputs are not in the model, and not shown.
    await page.getByTestId("node:continuation").click();
    const logits = inspector.getByRole("combobox", { name: "logits" });
    await logits.waitFor();
    expect(await logits.getAttribute("aria-invalid")).toBe("false");
    expect(await inspector.getByRole("combobox", { name: "mean", exact: true }).count()).toBe(0);
    await expect.poll(() => inspector.textContent()).toContain("Not used while head is categorical: mean, logStd.");
  }, 60_000);
});
