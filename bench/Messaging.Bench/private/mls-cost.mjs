// The browser's side of a private chat message (issue 18), measured in Node over the same ts-mls build the web client
// bundles (web/node_modules): one MLS group of two devices with the web client's cipher suite, then N application
// messages of the bench's text encrypted by one device and decrypted by the other, each timed. Prints one JSON line:
// the base64 ciphertext's length (what the service stores and relays) and the µs per encrypt and per decrypt.
// Usage: node mls-cost.mjs [messages] [text]   (run from anywhere; resolves ts-mls from web/node_modules)
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const web = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "web");
const require = createRequire(join(web, "package.json"));
const mls = await import(require.resolve("ts-mls"));
const { defaultClientConfig } = await import(require.resolve("ts-mls/clientConfig.js"));
const {
  createApplicationMessage, createCommit, createGroup, decodeMlsMessage, defaultCapabilities, defaultLifetime, emptyPskIndex,
  encodeMlsMessage, generateKeyPackage, getCiphersuiteFromName, getCiphersuiteImpl, joinGroup, processPrivateMessage,
} = mls;

const count = Number(process.argv[2] ?? 200);
const text = process.argv[3] ?? "Load test message: the quick brown fox jumps over the lazy dog. 0123456789";
// The suite of web/src/private/mls.ts: X25519 + AES-128-GCM + Ed25519 (RFC 9420 §17.1's mandatory one).
const cs = await getCiphersuiteImpl(getCiphersuiteFromName("MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519"));
const utf8 = new TextEncoder();
const device = async name => generateKeyPackage({ credentialType: "basic", identity: utf8.encode(name) }, defaultCapabilities(), defaultLifetime, [], cs);

const alice = await device("alice:1"), bob = await device("bob:1");
let a = await createGroup(utf8.encode("bench-chat"), alice.publicPackage, alice.privatePackage, [], cs);
const commit = await createCommit({ state: a, cipherSuite: cs }, { extraProposals: [{ proposalType: "add", add: { keyPackage: bob.publicPackage } }], ratchetTreeExtension: true });
a = { ...commit.newState, clientConfig: defaultClientConfig };
let b = await joinGroup(commit.welcome, bob.publicPackage, bob.privatePackage, emptyPskIndex, cs);

const b64 = bytes => Buffer.from(bytes).toString("base64");
let encryptNs = 0n, decryptNs = 0n, length = 0;
for (let i = 0; i < count + 20; i++) {
  const t0 = process.hrtime.bigint();
  const made = await createApplicationMessage(a, utf8.encode(text), cs);
  const wire = b64(encodeMlsMessage({ privateMessage: made.privateMessage, wireformat: "mls_private_message", version: "mls10" }));
  const t1 = process.hrtime.bigint();
  a = made.newState;
  const decoded = decodeMlsMessage(Buffer.from(wire, "base64"), 0)[0];
  const got = await processPrivateMessage(b, decoded.privateMessage, emptyPskIndex, cs);
  const plain = new TextDecoder().decode(got.message);
  const t2 = process.hrtime.bigint();
  b = got.newState;
  if (plain !== text) throw new Error("decrypted text differs");
  if (i >= 20) { encryptNs += t1 - t0; decryptNs += t2 - t1; length = wire.length; } // the first 20 warm the JIT up
}
console.log(JSON.stringify({
  messages: count, textBytes: utf8.encode(text).length, ciphertextBase64: length,
  encryptMicros: Number(encryptNs / BigInt(count)) / 1000, decryptMicros: Number(decryptNs / BigInt(count)) / 1000, node: process.version,
}));
