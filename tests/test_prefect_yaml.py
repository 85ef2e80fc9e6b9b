"""prefect.yaml: every entrypoint resolves to a flow that takes the declared parameters."""

import importlib
import inspect
from pathlib import Path

import yaml
from prefect import Flow

ROOT = Path(__file__).resolve().parents[1]


def test_each_deployment_entrypoint_is_a_flow_with_its_parameters():
    config = yaml.safe_load((ROOT / "prefect.yaml").read_text())
    assert config["deployments"]
    for deployment in config["deployments"]:
        path, name = deployment["entrypoint"].split(":")
        module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
        flow = getattr(module, name)
        assert isinstance(flow, Flow), deployment["name"]
        accepted = set(inspect.signature(flow.fn).parameters)
        assert set(deployment["parameters"]) <= accepted, deployment["name"]
        for schedule in deployment.get("schedules", []):
            assert schedule["timezone"] == "Europe/London"
        assert deployment["concurrency_limit"]["limit"] == 1  # one writer to DuckDB
