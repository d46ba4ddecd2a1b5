"""`tf.distribute.cluster_resolver`: where the tasks of a cluster are, read from the `TF_CONFIG`
environment variable (TFConfigClusterResolver) or given (SimpleClusterResolver), and the
ClusterSpec they describe it with. numtf trains in one process; MultiWorkerMirroredStrategy reads
these to refuse clusters of more than one worker.

    >>> import json, os
    >>> os.environ["TF_CONFIG"] = json.dumps({"cluster": {"worker": ["localhost:12345"]},
    ...                                       "task": {"type": "worker", "index": 0}})
    >>> tf.distribute.cluster_resolver.TFConfigClusterResolver().master()
    'localhost:12345'
"""
import collections
import json
import os

__all__ = ["ClusterSpec", "ClusterResolver", "SimpleClusterResolver", "TFConfigClusterResolver"]


class ClusterSpec:
    """A cluster as a dict from job name to its tasks' addresses (a list, or a dict by index).

        >>> ClusterSpec({"worker": ["host1:2222", "host2:2222"]}).num_tasks("worker")
        2
    """

    def __init__(self, cluster):
        if isinstance(cluster, ClusterSpec):
            cluster = cluster.as_dict()
        if not isinstance(cluster, dict):
            raise TypeError("`cluster` must be a dictionary mapping one or more job names to lists of network "
                            "addresses, or a `ClusterDef` protocol buffer")
        self._cluster = {}
        for job, tasks in cluster.items():
            if isinstance(tasks, (list, tuple)):
                self._cluster[job] = dict(enumerate(tasks))
            elif isinstance(tasks, dict):
                self._cluster[job] = {int(i): a for i, a in tasks.items()}
            else:
                raise TypeError(f"The tasks for job {job!r} must be a list or a dictionary from integers to "
                                "strings.")

    def as_dict(self):
        """Job name -> list of addresses (a dict by index when the indices have gaps)."""
        out = {}
        for job, tasks in self._cluster.items():
            dense = sorted(tasks) == list(range(len(tasks)))
            out[job] = [tasks[i] for i in range(len(tasks))] if dense else dict(tasks)
        return out

    @property
    def jobs(self):
        return list(self._cluster)

    def num_tasks(self, job_name):
        return len(self._job(job_name))

    def task_indices(self, job_name):
        return sorted(self._job(job_name))

    def task_address(self, job_name, task_index):
        tasks = self._job(job_name)
        if task_index not in tasks:
            raise ValueError(f"No task with index {task_index!r} in job {job_name!r}")
        return tasks[task_index]

    def job_tasks(self, job_name):
        tasks = self._job(job_name)
        return [tasks.get(i) for i in range(max(tasks) + 1)] if tasks else []

    def _job(self, job_name):
        if job_name not in self._cluster:
            raise ValueError(f"No such job in cluster: {job_name!r}")
        return self._cluster[job_name]

    def __bool__(self):
        return bool(self._cluster)

    def __eq__(self, other):
        return isinstance(other, ClusterSpec) and self._cluster == other._cluster

    def __ne__(self, other):
        return not self == other

    __hash__ = None

    def __repr__(self):
        return f"ClusterSpec({self.as_dict()!r})"


class ClusterResolver:
    """The base class: `cluster_spec()`, `master()`, `task_type`, `task_id`, `num_accelerators()`."""
    task_type = task_id = None
    rpc_layer = None
    environment = ""

    def cluster_spec(self):
        raise NotImplementedError("ClusterResolver.cluster_spec is defined by the subclasses")

    def master(self, task_type=None, task_id=None, rpc_layer=None):
        raise NotImplementedError("ClusterResolver.master is defined by the subclasses")

    def num_accelerators(self, task_type=None, task_id=None, config_proto=None):
        """Accelerators per type on the task: none on numtf's CPU."""
        return collections.defaultdict(int)


def _address(spec, task_type, task_id, rpc_layer):
    if task_type is None or task_id is None or task_type not in spec.jobs:
        return ""
    address = spec.task_address(task_type, task_id)
    return f"{rpc_layer}://{address}" if rpc_layer else address


class SimpleClusterResolver(ClusterResolver):
    """A cluster given as a ClusterSpec."""

    def __init__(self, cluster_spec, master="", task_type=None, task_id=None, environment="", num_accelerators=None,
                 rpc_layer=None):
        self._cluster_spec = ClusterSpec(cluster_spec)
        self._master = master
        self.task_type, self.task_id = task_type, task_id
        self.environment = environment
        self._num_accelerators = num_accelerators
        self.rpc_layer = rpc_layer

    def cluster_spec(self):
        return self._cluster_spec

    def master(self, task_type=None, task_id=None, rpc_layer=None):
        if task_type is not None and task_id is not None:
            return _address(self._cluster_spec, task_type, task_id, rpc_layer or self.rpc_layer)
        return self._master

    def num_accelerators(self, task_type=None, task_id=None, config_proto=None):
        return collections.defaultdict(int, self._num_accelerators or {})


class TFConfigClusterResolver(ClusterResolver):
    """The cluster of the `TF_CONFIG` environment variable (JSON: "cluster", "task", "rpc_layer",
    "environment"), read when asked.

        >>> tf.distribute.cluster_resolver.TFConfigClusterResolver().cluster_spec()  # no TF_CONFIG
        ClusterSpec({})
    """

    def __init__(self, task_type=None, task_id=None, rpc_layer=None, environment=None):
        self._task_type = task_type
        self._task_id = task_id
        self._rpc_layer = rpc_layer
        self._environment = environment

    @staticmethod
    def _config():
        return json.loads(os.environ.get("TF_CONFIG", "{}") or "{}")

    @property
    def task_type(self):
        if self._task_type is not None:
            return self._task_type
        task = self._config().get("task", {})
        return str(task["type"]) if "type" in task else None

    @task_type.setter
    def task_type(self, value):
        self._task_type = value

    @property
    def task_id(self):
        if self._task_id is not None:
            return self._task_id
        task = self._config().get("task", {})
        return int(task["index"]) if "index" in task else None

    @task_id.setter
    def task_id(self, value):
        self._task_id = value

    @property
    def rpc_layer(self):
        return self._rpc_layer if self._rpc_layer is not None else self._config().get("rpc_layer")

    @rpc_layer.setter
    def rpc_layer(self, value):
        self._rpc_layer = value

    @property
    def environment(self):
        return self._environment if self._environment is not None else self._config().get("environment")

    def cluster_spec(self):
        return ClusterSpec(self._config().get("cluster", {}))

    def master(self, task_type=None, task_id=None, rpc_layer=None):
        """The address of the task (this one by default), 'rpc_layer://host:port' with an rpc layer."""
        return _address(self.cluster_spec(), task_type if task_type is not None else self.task_type,
                        task_id if task_id is not None else self.task_id, rpc_layer or self.rpc_layer)
