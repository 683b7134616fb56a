// ethers.js v6 baseline for bench/Signing.Bench: reads a JSON spec on stdin, signs EIP-1559 transfers in a timed,
// single-threaded loop and prints one JSON line on stdout: { ethers, node, check: [raw...], rounds: [tx/s...] }.
import { Wallet, version } from "ethers";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const spec = JSON.parse(Buffer.concat(chunks).toString("utf8"));

const wallet = new Wallet(spec.key);
const maxFeePerGas = BigInt(spec.maxFeePerGas);
const maxPriorityFeePerGas = BigInt(spec.maxPriorityFeePerGas);
const gasLimit = BigInt(spec.gasLimit);
const nonces = spec.nonces;

const sign = (nonce) => wallet.signTransaction({
  type: 2, chainId: spec.chainId, nonce, maxFeePerGas, maxPriorityFeePerGas, gasLimit, to: spec.to, value: 0, data: spec.data,
});

// Correctness: the raw transactions for the first nonces, compared byte for byte by the C# side.
const check = [];
for (let i = 0; i < spec.checkCount; i++) check.push(await sign(nonces[i]));

async function round(seconds) {
  let count = 0, i = 0;
  const start = process.hrtime.bigint();
  const limit = BigInt(Math.round(seconds * 1e9));
  let elapsed = 0n;
  do {
    for (let k = 0; k < 64; k++) {
      await sign(nonces[i]);
      i = (i + 1) % nonces.length;
    }
    count += 64;
    elapsed = process.hrtime.bigint() - start;
  } while (elapsed < limit);
  return count / (Number(elapsed) / 1e9);
}

await round(spec.warmupSeconds);
const rounds = [];
for (let r = 0; r < spec.rounds; r++) rounds.push(await round(spec.roundSeconds));

process.stdout.write(JSON.stringify({ ethers: version, node: process.version, check, rounds }) + "\n");
