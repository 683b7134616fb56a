// This device's MLS secrets and what it decrypted, in IndexedDB (one database per signed-in user on this browser).
// The service never sees anything stored here: private keys, group states and plaintexts stay on the device.

// "index": the private chats' messages this device has read, by id, for search on the device (the service cannot search them).
const Stores = ["device", "keyPackages", "groups", "plaintexts", "index"] as const;
type StoreName = typeof Stores[number];

let opened: { userId: string; db: Promise<IDBDatabase> } | null = null;

function database(userId: string): Promise<IDBDatabase> {
  if (opened?.userId === userId) return opened.db;
  const db = new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(`openchat-mls-${userId}`, 2);
    request.onupgradeneeded = () => {
      for (const name of Stores) if (!request.result.objectStoreNames.contains(name)) request.result.createObjectStore(name);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  opened = { userId, db };
  return db;
}

function run<T>(userId: string, store: StoreName, mode: IDBTransactionMode, work: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return database(userId).then(db => new Promise<T>((resolve, reject) => {
    const tx = db.transaction(store, mode);
    const request = work(tx.objectStore(store));
    tx.oncomplete = () => resolve(request.result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  }));
}

export const read = <T>(userId: string, store: StoreName, key: string) =>
  run<T | undefined>(userId, store, "readonly", s => s.get(key) as IDBRequest<T | undefined>);
export const write = (userId: string, store: StoreName, key: string, value: unknown) =>
  run(userId, store, "readwrite", s => s.put(value, key)).then(() => undefined);
export const remove = (userId: string, store: StoreName, key: string) =>
  run(userId, store, "readwrite", s => s.delete(key)).then(() => undefined);
export const entries = <T>(userId: string, store: StoreName) =>
  run(userId, store, "readonly", s => s.getAllKeys()).then(async keys =>
    Promise.all(keys.map(async k => [String(k), (await read<T>(userId, store, String(k)))!] as [string, T])));
