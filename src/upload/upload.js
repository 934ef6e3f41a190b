// Prescription pages: checked and shrunk in the browser (so a phone on 3G sends ~300 kB, not
// 4 MB), then sent with XMLHttpRequest, the one browser API with upload progress.

/** Checks one picked file and re-encodes photos as JPEG (long side ≤ maxSide, EXIF orientation
 *  applied). Throws an Error whose message is a code: empty, type, undecodable, too_small, too_big. */
export async function preparePage(file, maxBytes, minSide, maxSide) {
  const fail = (code) => { throw new Error(code); };
  if (file.size === 0) fail('empty');
  if (file.type === 'application/pdf' || /\.pdf$/i.test(file.name)) {
    if (file.size > maxBytes) fail('too_big');
    return { blob: file, name: 'page.pdf', preview: null, pdf: true };
  }
  if (file.type && !file.type.startsWith('image/')) fail('type');
  let bitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch (_) {
    // HEIC where the browser cannot decode it, or a broken file.
    fail('undecodable');
  }
  const long = Math.max(bitmap.width, bitmap.height);
  if (long < minSide) { bitmap.close(); fail('too_small'); }
  const k = Math.min(1, maxSide / long);
  const w = Math.round(bitmap.width * k), h = Math.round(bitmap.height * k);
  const canvas = document.createElement('canvas');
  canvas.width = w; canvas.height = h;
  canvas.getContext('2d').drawImage(bitmap, 0, 0, w, h);
  bitmap.close();
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
  if (!blob) fail('undecodable');
  if (blob.size > maxBytes) fail('too_big');
  return { blob, name: 'page.jpg', preview: URL.createObjectURL(blob), pdf: false };
}

/** Starts the upload. Resolves `done` with {status, body}: status 0 when the network failed,
 *  -1 when cancelled. `abort()` cancels. */
export function upload(url, key, blobs, names, onProgress) {
  const xhr = new XMLHttpRequest();
  const done = new Promise((resolve) => {
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onload = () => resolve({ status: xhr.status, body: xhr.responseText });
    xhr.onerror = () => resolve({ status: 0, body: '' });
    xhr.ontimeout = () => resolve({ status: 0, body: '' });
    xhr.onabort = () => resolve({ status: -1, body: '' });
  });
  const form = new FormData();
  blobs.forEach((b, i) => form.append('page', b, names[i]));
  xhr.open('POST', url);
  xhr.setRequestHeader('Idempotency-Key', key);
  xhr.setRequestHeader('Accept', 'application/json');
  xhr.send(form);
  return { done, abort: () => xhr.abort() };
}

export function revoke(url) { if (url) URL.revokeObjectURL(url); }
