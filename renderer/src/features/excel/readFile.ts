/** The largest file the server takes (its limit is on the base64 text, 4/3 of the bytes). */
export const MAX_IMPORT_BYTES = 60 * 1024 * 1024;

/** A picked file's bytes as base64, without the data-URL prefix. */
export function fileToBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}
