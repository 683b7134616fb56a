// Bundles the client into src/Api/wwwroot (generated, git-ignored), which the API serves at "/".
import { build } from "esbuild";
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "src", "Api", "wwwroot");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

await build({
  entryPoints: { app: join(here, "src", "main.tsx") },
  bundle: true,
  minify: true,
  sourcemap: true,
  target: ["chrome110", "firefox115", "safari16"],
  platform: "browser",
  format: "esm",
  jsx: "automatic",
  jsxImportSource: "preact",
  outdir: out,
  // ts-mls loads these only for cipher suites private chats do not use (X448, P-256/384/521, ChaCha20, ML-KEM, X-Wing,
  // ML-DSA); left out, a suite that needed one would fail to load instead of growing the bundle for everyone.
  external: ["@hpke/chacha20poly1305", "@hpke/dhkem-x448", "@hpke/hybridkem-x-wing", "@hpke/ml-kem", "@noble/curves", "@noble/post-quantum"],
  logLevel: "warning",
});
cpSync(join(here, "public"), out, { recursive: true });
