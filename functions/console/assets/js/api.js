/**
 * The console's calls: the public read API (same origin) and, in local
 * mode, the local-only endpoints under /_local/.
 */

/** An error answer of the API, with its code and message. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

/**
 * GETs JSON (or sends it, with `init`).
 *
 * @param {string} path
 * @param {Record<string, string | undefined>} [query]
 * @param {RequestInit} [init]
 */
export async function request(path, query = {}, init = {}) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(name, value);
  }
  const search = params.size > 0 ? `?${params}` : '';
  const response = await fetch(`${path}${search}`, {
    ...init,
    headers: { Accept: 'application/json', ...(init.headers ?? {}) },
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    throw new ApiError(
      response.status,
      body?.error?.code ?? 'unknown',
      body?.error?.message ?? `${response.status} ${response.statusText}`
    );
  }
  return body;
}

/** POSTs JSON to a local endpoint. */
export function post(path, body) {
  return request(
    path,
    {},
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }
  );
}

/** Whether this is local mode (its endpoints answer), asked once. */
let localInfo;
export function localMode() {
  localInfo ??= request('/_local/info').catch(() => null);
  return localInfo;
}

/**
 * Uploads a file through local mode, reporting progress (0–1).
 *
 * XMLHttpRequest rather than fetch: only it reports upload progress.
 */
export function upload(key, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(
      'PUT',
      `/_local/objects/${key.split('/').map(encodeURIComponent).join('/')}`
    );
    xhr.setRequestHeader(
      'Content-Type',
      file.type || 'application/octet-stream'
    );
    xhr.responseType = 'json';
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    xhr.addEventListener('load', () => {
      if (xhr.status === 201) resolve(xhr.response);
      else
        reject(
          new ApiError(
            xhr.status,
            xhr.response?.error?.code ?? 'unknown',
            xhr.response?.error?.message ?? `upload failed with ${xhr.status}`
          )
        );
    });
    xhr.addEventListener('error', () =>
      reject(
        new ApiError(0, 'network', 'the upload could not reach the server')
      )
    );
    xhr.send(file);
  });
}
