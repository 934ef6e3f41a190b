// The portal's offline store: IndexedDB holding AES-GCM ciphertext. The key is a
// non-extractable WebCrypto key kept in the same database: script on this origin can use it
// but can never read it out, and the health data on disk is ciphertext. Works where service
// workers do not (iOS WeChat); wiped on logout.
const DB = 'portal-offline';
let dbPromise = null;
let keyPromise = null;

const done = (r) => new Promise((resolve, reject) => {
  r.onsuccess = () => resolve(r.result);
  r.onerror = () => reject(r.error);
});

function open() {
  if (!dbPromise) {
    dbPromise = new Promise((resolve, reject) => {
      const r = indexedDB.open(DB, 1);
      r.onupgradeneeded = () => {
        r.result.createObjectStore('keys');
        r.result.createObjectStore('data');
      };
      r.onsuccess = () => {
        const db = r.result;
        // Another tab wiping the store (logout) closes this connection.
        db.onversionchange = () => { db.close(); dbPromise = null; keyPromise = null; };
        resolve(db);
      };
      r.onerror = () => reject(r.error);
      r.onblocked = () => reject(new Error('offline store blocked'));
    });
    dbPromise.catch(() => { dbPromise = null; });
  }
  return dbPromise;
}

async function inStore(store, mode, fn) {
  const db = await open();
  return done(fn(db.transaction(store, mode).objectStore(store)));
}

function key() {
  if (!keyPromise) {
    keyPromise = (async () => {
      const existing = await inStore('keys', 'readonly', (s) => s.get('aes'));
      if (existing) return existing;
      const fresh = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
      // `add` fails if another tab stored a key first: then use theirs.
      try { await inStore('keys', 'readwrite', (s) => s.add(fresh, 'aes')); return fresh; }
      catch (e) { return inStore('keys', 'readonly', (s) => s.get('aes')); }
    })();
    keyPromise.catch(() => { keyPromise = null; });
  }
  return keyPromise;
}

export async function put(name, text) {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await key(), new TextEncoder().encode(text));
  await inStore('data', 'readwrite', (s) => s.put({ iv, ct }, name));
}

/// The stored text, or null when absent or unreadable (key gone, data tampered with).
export async function get(name) {
  const rec = await inStore('data', 'readonly', (s) => s.get(name));
  if (!rec) return null;
  try {
    const pt = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: rec.iv }, await key(), rec.ct);
    return new TextDecoder().decode(pt);
  } catch (e) {
    return null;
  }
}

/// Several records at once: the reads and decryptions overlap (a cold start offline reads the
/// schedule and the outbox together).
export function getMany(names) {
  return Promise.all(names.map(get));
}

export async function wipe() {
  if (dbPromise) { try { (await dbPromise).close(); } catch (e) { /* already closed */ } }
  dbPromise = null;
  keyPromise = null;
  await new Promise((resolve) => {
    const r = indexedDB.deleteDatabase(DB);
    r.onsuccess = r.onerror = r.onblocked = () => resolve();
  });
}

/// The date (YYYY-MM-DD) of unix seconds `secs` (default now) on the wall clock of IANA zone
/// `tz`; the browser's Intl has the tz data, so the wasm needs none.
export function localDate(tz, secs) {
  try {
    const when = secs == null ? new Date() : new Date(secs * 1000);
    return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(when);
  } catch (e) {
    return null;
  }
}

/// `HH:MM` of unix seconds `secs` on the wall clock of IANA zone `tz`.
export function localTime(tz, secs) {
  try {
    return new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(secs * 1000));
  } catch (e) {
    return null;
  }
}
