#!/usr/bin/env bash
# Nightly fuzzing (docs/fuzzing.md): runs every fuzz target for a given time
# against a given endpoint, minimises each crash/hang, turns it into a
# replayable test case and writes reports (JSON, JUnit, Markdown).
#
#   scripts/fuzz-nightly.sh [--time SECS] [--endpoint URL] [--out DIR]
#                           [--known FILE] [--baseline REPORT.json] [TARGET...]
#
#   --time SECS        fuzzing time per target (default 600)
#   --endpoint URL     endpoint under test (default: the embedded reference endpoint)
#   --out DIR          where results go (default fuzz/artifacts/nightly, git-ignored)
#   --known FILE       known-deviations file: contract findings it lists do not fail
#                      (default fuzz/known-findings.json)
#   --baseline FILE    a previous report.json: findings already in it are not new
#   TARGET...          default: model responses raw_request sequence
#
# Exit status: 0 no new findings, 1 new findings, 2 could not run (build failed...).
# The corpus grows in fuzz/corpus/<target> (keep it between nights, e.g. in a CI cache).
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/fuzz-lib.sh

TIME=600; ENDPOINT=""; OUT="fuzz/artifacts/nightly"; KNOWN="fuzz/known-findings.json"; BASELINE=""; TARGETS=""
while [ $# -gt 0 ]; do
  case "$1" in
    --time) TIME="$2"; shift 2 ;;
    --endpoint) ENDPOINT="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --known) KNOWN="$2"; shift 2 ;;
    --baseline) BASELINE="$2"; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    -*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    *) TARGETS="$TARGETS $1"; shift ;;
  esac
done
TARGETS="${TARGETS:-$FUZZ_TARGETS_ALL}"
if [ -n "$ENDPOINT" ]; then export LAMBDA_ENDPOINT="$ENDPOINT"; else unset LAMBDA_ENDPOINT; fi
if [ -n "$KNOWN" ] && [ -f "$KNOWN" ]; then export LC_FUZZ_KNOWN_DEVIATIONS="$KNOWN"; fi

mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
rm -rf "$OUT/artifacts" "$OUT/findings" "$OUT/logs"
mkdir -p "$OUT/artifacts" "$OUT/findings" "$OUT/logs"

ensure_cargo_fuzz || exit 2
echo "== building the fuzz targets"
build_fuzz_targets || { echo "build failed" >&2; exit 2; }
write_seeds fuzz/corpus || exit 2

for t in $TARGETS; do
  echo "== fuzzing $t for ${TIME}s against ${ENDPOINT:-the embedded reference endpoint}"
  mkdir -p "fuzz/corpus/$t" "$OUT/artifacts/$t"
  # Fork mode keeps fuzzing after a crash, so one night collects every finding.
  "$FUZZ_BIN_DIR/$t" "fuzz/corpus/$t" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
      -max_total_time="$TIME" -timeout=60 -rss_limit_mb=2048 -dict=fuzz/corpus/lambda.dict \
      -artifact_prefix="$OUT/artifacts/$t/" -print_final_stats=1 >"$OUT/logs/$t.log" 2>&1
  echo "   exit $?; $(ls "$OUT/artifacts/$t" | wc -l) artifact(s)"

  for a in "$OUT/artifacts/$t"/*; do
    [ -f "$a" ] || continue
    name="$(basename "$a")"
    min="$OUT/findings/$t-$name.min"
    echo "   minimising $name"
    "$FUZZ_BIN_DIR/$t" -minimize_crash=1 -max_total_time=60 -timeout=60 -runs=5000 \
        -exact_artifact_path="$min" "$a" >"$OUT/logs/$t-$name.tmin.log" 2>&1 || true
    [ -s "$min" ] || cp "$a" "$min"
    # Replay the minimised input to capture its reproducer text.
    "$FUZZ_BIN_DIR/$t" -timeout=60 "$min" >"$OUT/findings/$t-$name.txt" 2>&1 || true
  done
done

python3 - "$OUT" "$TIME" "${ENDPOINT:-embedded}" "$BASELINE" $TARGETS <<'PY'
import glob, hashlib, json, os, re, sys, html
out, secs, endpoint, baseline = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
targets = sys.argv[5:]
known = set()
if baseline and os.path.exists(baseline):
    known = {f["signature"] for f in json.load(open(baseline)).get("findings", [])}

def signature(target, text):
    m = re.search(r"== lambda-conformance fuzz finding \(\w+\)\n(.*)", text)
    if m:
        what = m.group(1)
    else:
        m = re.search(r"panicked at ([^\n]*)\n([^\n]*)", text) or re.search(r"(ERROR: libFuzzer: [^\n]*)", text)
        what = " ".join(m.groups()) if m else "no message"
    what = re.sub(r"lc-[a-z0-9]{6,}-[\w-]*", "<name>", what)
    what = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<uuid>", what)
    what = re.sub(r"\d+", "<n>", what)
    return f"{target}|{what[:300]}"

report = {"version": 1, "endpoint": endpoint, "seconds_per_target": secs, "targets": [], "findings": []}
for t in targets:
    log = open(f"{out}/logs/{t}.log", errors="replace").read() if os.path.exists(f"{out}/logs/{t}.log") else ""
    rates = re.findall(r"exec/s:? (\d+)", log)
    execs = re.findall(r"^#(\d+)", log, re.M)
    report["targets"].append({"target": t, "executions": int(execs[-1]) if execs else None,
                              "exec_per_sec": int(rates[-1]) if rates else None, "log": f"logs/{t}.log"})
    seen = set()
    for txt in sorted(glob.glob(f"{out}/findings/{t}-*.txt")):
        text = open(txt, errors="replace").read()
        sig = signature(t, text)
        if sig in seen:
            continue
        seen.add(sig)
        base = txt[:-4]
        kind = os.path.basename(base)[len(t) + 1:].split("-")[0]
        fid = hashlib.sha256(sig.encode()).hexdigest()[:12]
        case_dir = f"{out}/regressions/{t}"
        os.makedirs(case_dir, exist_ok=True)
        case = f"{case_dir}/{fid}"
        with open(base + ".min", "rb") as src, open(case, "wb") as dst:
            dst.write(src.read())
        m = re.search(r"(== lambda-conformance fuzz finding.*?)(?:\nstack backtrace:|\Z)", text, re.S)
        reproducer = (m.group(1) if m else text[-4000:]).strip()
        report["findings"].append({
            "id": fid, "target": t, "kind": kind, "signature": sig, "new": sig not in known,
            "message": sig.split("|", 1)[1], "reproducer": reproducer,
            "test_case": os.path.relpath(case, out),
            "replay": f"cp {os.path.relpath(case, out)} fuzz/regressions/{t}/ && "
                      f"cargo test --manifest-path fuzz/Cargo.toml --test regressions   # or: "
                      f"cargo fuzz run --sanitizer none {t} fuzz/regressions/{t}/{fid}",
        })
new = [f for f in report["findings"] if f["new"]]
report["new_findings"] = len(new)
json.dump(report, open(f"{out}/report.json", "w"), indent=2)

x = ['<?xml version="1.0" encoding="UTF-8"?>', f'<testsuites name="lambda-conformance-fuzz" tests="{len(targets)}" failures="{len(new)}">']
for t in report["targets"]:
    fs = [f for f in new if f["target"] == t["target"]]
    x.append(f'<testsuite name="fuzz.{t["target"]}" tests="{max(1, len(fs))}" failures="{len(fs)}">')
    if not fs:
        x.append(f'<testcase classname="fuzz.{t["target"]}" name="no new findings"/>')
    for f in fs:
        x.append(f'<testcase classname="fuzz.{t["target"]}" name="{html.escape(f["id"] + " " + f["message"][:120], quote=True)}">'
                 f'<failure message="{html.escape(f["message"][:300], quote=True)}">{html.escape(f["reproducer"][:20000])}</failure></testcase>')
    x.append("</testsuite>")
x.append("</testsuites>")
open(f"{out}/junit.xml", "w").write("\n".join(x) + "\n")

md = [f"# Nightly fuzzing: {len(new)} new finding(s)", "",
      f"Endpoint: `{endpoint}` · {secs}s per target", "",
      "| target | executions | exec/s | findings (new) |", "|---|---|---|---|"]
for t in report["targets"]:
    fs = [f for f in report["findings"] if f["target"] == t["target"]]
    md.append(f'| {t["target"]} | {t["executions"]} | {t["exec_per_sec"]} | {len(fs)} ({sum(f["new"] for f in fs)}) |')
for f in report["findings"]:
    md += ["", f'## {"NEW" if f["new"] else "seen before"} `{f["id"]}` {f["target"]} ({f["kind"]})', "",
           f["message"], "", f'Test case: `{f["test_case"]}`. Replay: `{f["replay"]}`', "",
           "<details><summary>reproducer</summary>", "", "```", f["reproducer"][:20000], "```", "", "</details>"]
open(f"{out}/report.md", "w").write("\n".join(md) + "\n")
print(f"{len(report['findings'])} finding(s), {len(new)} new; reports in {out}/report.{{json,md}}, {out}/junit.xml")
sys.exit(1 if new else 0)
PY
