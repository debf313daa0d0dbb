#!/usr/bin/env python3
"""Validates action.yml, .github/workflows/*.yml and .clusterfuzzlite/ (GitHub and Docker cannot be run here):
each parses as YAML, has the members GitHub requires, and every
`${{ inputs.X }}` / `steps.Y.outputs` the action uses is declared."""
import glob, re, sys
import yaml

errors = []
def need(cond, msg):
    if not cond:
        errors.append(msg)

action = yaml.safe_load(open("action.yml"))
for key in ("name", "description", "inputs", "runs"):
    need(key in action, f"action.yml: no `{key}`")
runs = action.get("runs", {})
need(runs.get("using") == "composite", "action.yml: runs.using is not composite")
ids = {s.get("id") for s in runs.get("steps", [])}
text = open("action.yml").read()
for name in re.findall(r"inputs\.([A-Za-z0-9_-]+)", text):
    need(name in action.get("inputs", {}), f"action.yml: uses undeclared input `{name}`")
for step in re.findall(r"steps\.([A-Za-z0-9_-]+)\.outputs", text):
    need(step in ids, f"action.yml: uses outputs of unknown step `{step}`")
for s in runs.get("steps", []):
    need("uses" in s or ("run" in s and "shell" in s), f"action.yml: step {s.get('name')} needs `uses` or `run` with `shell`")

for path in sorted(glob.glob(".github/workflows/*.yml")):
    wf = yaml.safe_load(open(path))
    need("jobs" in wf and wf["jobs"], f"{path}: no jobs")
    need(True in wf or "on" in wf, f"{path}: no `on` trigger")
    for name, job in (wf.get("jobs") or {}).items():
        need("runs-on" in job, f"{path}: job {name} has no runs-on")
        for s in job.get("steps", []):
            need("uses" in s or "run" in s, f"{path}: job {name} step {s.get('name')} needs `uses` or `run`")

# ClusterFuzzLite: the project file, and a Dockerfile that runs build.sh.
project = yaml.safe_load(open(".clusterfuzzlite/project.yaml"))
need(project.get("language") == "rust", ".clusterfuzzlite/project.yaml: language is not rust")
docker = open(".clusterfuzzlite/Dockerfile").read()
need("base-builder-rust" in docker, ".clusterfuzzlite/Dockerfile: not FROM base-builder-rust")
need("build.sh $SRC/" in docker, ".clusterfuzzlite/Dockerfile: does not copy build.sh to $SRC")

if errors:
    print("\n".join(errors), file=sys.stderr)
    sys.exit(1)
print(f"action.yml, {len(glob.glob('.github/workflows/*.yml'))} workflows and .clusterfuzzlite are valid")
