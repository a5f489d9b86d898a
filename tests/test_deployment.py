"""deploy/dagster.yaml, the instance of a deployment: it loads, queues runs, and lets one build run at a time."""
import shutil

from dagster import DagsterInstance

from conftest import ROOT


def test_the_deployment_instance_queues_runs_and_builds_one_at_a_time(tmp_path):
    from orchestration.definitions import RUN_KIND_TAG, build_job, extract_job

    shutil.copy(ROOT / "deploy" / "dagster.yaml", tmp_path / "dagster.yaml")
    instance = DagsterInstance.from_config(str(tmp_path))
    assert type(instance.run_coordinator).__name__ == "QueuedRunCoordinator"
    queue = instance.get_concurrency_config().run_queue_config
    assert queue.max_concurrent_runs > 1   # extraction runs side by side
    assert {"key": RUN_KIND_TAG, "value": "build", "limit": 1} in queue.tag_concurrency_limits
    assert build_job.tags[RUN_KIND_TAG] == "build" and extract_job.tags[RUN_KIND_TAG] == "extract"
    assert not instance.get_settings("telemetry")["enabled"]
