"""Whether a run is waited for, and what a remote run reports once it is handed over.

A local run (FnApiRunner, DirectRunner...) runs in this process: the launcher waits for it and
reads its OUTPUT/_SUMMARY.json. Anything else is handed to a service and not waited for, batch
or streaming alike: the DataflowRunner submits a job (or, with --template_location, only writes
the job file, which the Flex Template launcher then starts; with --dry_run=True, only translates
the graph). The job writes its summary when it finishes; the launcher returns a `Submission`.
"""
from dataclasses import dataclass

from apache_beam.options.pipeline_options import (DirectOptions, GoogleCloudOptions,
                                                      StandardOptions, TestOptions)

# The runners that run the pipeline inside this process (or its local worker processes).
LOCAL_RUNNERS = frozenset({"FnApiRunner", "DirectRunner", "SwitchingDirectRunner",
                           "BundleBasedDirectRunner", "PrismRunner"})
CONSOLE_URL = "https://console.cloud.google.com/dataflow/jobs/{region}/{job_id}?project={project}"


def runner_name(options) -> str:
    """The runner's class name, whether given as a name, a dotted path or a runner object."""
    runner = options.view_as(StandardOptions).runner
    if not isinstance(runner, str):
        runner = type(runner).__name__
    return runner.rsplit(".", 1)[-1]


def runs_locally(options) -> bool:
    """True when the run happens here and can be waited for."""
    return runner_name(options) in LOCAL_RUNNERS


def has_one_worker(options) -> bool:
    """True for the FnApiRunner with one in-memory worker (a local run's default): the graph
    then leaves out the steps that spread work over workers (Reshuffles: each a GroupByKey the
    runner materialises between two stages, ~0.1 s of CPU of a run for the two of a batch run).
    Worker processes or threads, another runner, or Dataflow keep them."""
    direct = options.view_as(DirectOptions)
    return (runner_name(options) == "FnApiRunner" and direct.direct_num_workers == 1
            and direct.direct_running_mode == "in_memory")


@dataclass(frozen=True)
class Submission:
    """A run handed to a remote runner: what was done with it and where to follow it."""

    runner: str
    streaming: bool
    output: str
    job_name: str | None = None
    job_id: str | None = None
    console_url: str | None = None
    template_location: str | None = None
    dry_run: bool = False

    @property
    def kind(self) -> str:
        return "streaming" if self.streaming else "batch"

    def describe(self) -> str:
        """What happened, for a person or a log: the job id, its console page, or the file."""
        if self.dry_run:
            return (f"dry run: {self.runner} {self.kind} job {self.job_name} built and checked, "
                    "not submitted (--dry_run=True)")
        if self.template_location:
            return (f"{self.kind} job {self.job_name} written to {self.template_location} (not "
                    "started: --template_location; the Flex Template launcher or a template "
                    "launch starts it)")
        lines = [f"submitted {self.runner} {self.kind} job {self.job_id or '(no id)'}"]
        if self.console_url:
            lines.append(f"console: {self.console_url}")
        if self.streaming:
            lines.append("it runs until drained or cancelled; its figures are in the job's "
                         "metrics")
        else:
            lines.append(f"it runs remotely; its summary will be {self.output}/_SUMMARY.json")
        return "\n".join(lines)


def submission(result, options) -> Submission:
    """The Submission of a remote run from the runner's result (a Beam PipelineResult)."""
    cloud = options.view_as(GoogleCloudOptions)
    common = dict(runner=runner_name(options), output=options.output, job_name=cloud.job_name,
                  streaming=bool(options.view_as(StandardOptions).streaming))
    if options.view_as(TestOptions).dry_run:
        return Submission(**common, dry_run=True)
    if cloud.template_location:
        return Submission(**common, template_location=cloud.template_location)
    job_id = result.job_id() if callable(getattr(result, "job_id", None)) else None
    console_url = None
    if job_id and common["runner"] == "DataflowRunner":
        console_url = CONSOLE_URL.format(region=cloud.region, job_id=job_id,
                                         project=cloud.project)
    return Submission(**common, job_id=job_id, console_url=console_url)
