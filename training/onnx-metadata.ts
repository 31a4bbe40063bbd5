import onnxProto from "onnx-proto";

const { onnx } = onnxProto;

/**
 * The model with `metadata` as its metadata_props: ONNX's key-value notes, which Netron and
 * `foresight model` show, so a model file says how it was made long after the command is forgotten.
 */
export function withMetadata(model: Uint8Array, metadata: Readonly<Record<string, string>>): Uint8Array {
  const decoded = onnx.ModelProto.decode(model);
  decoded.metadataProps = Object.entries(metadata).map(([key, value]) => onnx.StringStringEntryProto.create({ key, value }));
  return onnx.ModelProto.encode(decoded).finish();
}
