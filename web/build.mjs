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
  logLevel: "warning",
});
cpSync(join(here, "public"), out, { recursive: true });
