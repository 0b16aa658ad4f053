/**
 * Why a model cannot be written as ONNX (or why bytes are not an ONNX model): the message names
 * the feature, layer or step and says why, in words that can be shown to the person as is.
 */
export class ExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportError';
  }
}
