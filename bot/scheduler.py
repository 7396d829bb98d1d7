"""The scheduler: APScheduler 3 with its jobs persisted in the app's database.

Two jobs: the round job (a cron rule from the CNO's settings, persisted in the
``apscheduler_jobs`` table so that a restart resumes it, and a run missed while
the app was down runs once when it comes back within :data:`MISFIRE_GRACE`),
and a one-minute tick running every sweep of :mod:`bot.jobs` (kept in memory: each process ticks,
and the sweeps are idempotent). Job functions are module-level and find the
process's services with :func:`bot.jobs.current_services`.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.job import Job
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from sqlalchemy import Engine

from bot.bootstrap import Services
from bot.jobs import current_services, run_due, set_services
from bot.round_schedule import MISFIRE_GRACE, Schedule
from bot.use_cases.rounds.making import run_scheduled_round
from bot.use_cases.rounds.settings import load_round_settings, schedule_of
from storage.models.base import utcnow

log = logging.getLogger(__name__)

ROUND_JOB_ID = "intro_round"
ROUND_FUNC = "bot.scheduler:scheduled_round"
TICK_JOB_ID = "tick"
JOB_TABLE = "apscheduler_jobs"

_lock = threading.Lock()
_running: dict[str, BackgroundScheduler] = {}  # installation key -> this process's scheduler for it


def make_scheduler(engine: Engine, timezone: str = "UTC") -> BackgroundScheduler:
    """A scheduler (not started) whose round job lives in ``engine``'s database."""
    return BackgroundScheduler(
        jobstores={"default": SQLAlchemyJobStore(engine=engine, tablename=JOB_TABLE), "local": MemoryJobStore()},
        executors={"default": ThreadPoolExecutor(2)},
        job_defaults={"coalesce": True, "misfire_grace_time": int(MISFIRE_GRACE.total_seconds()),
                      "max_instances": 1},
        timezone=timezone,
    )


def scheduled_round(installation: str = "") -> None:
    """The round job (module-level so the job store can persist a reference to it)."""
    run_scheduled_round(current_services(installation), utcnow())


def current_schedule(services: Services) -> Schedule:
    with services.uow() as uow:
        return schedule_of(load_round_settings(uow.session), services.settings.timezone)


def _fingerprint(trigger: object) -> str:
    return f"{trigger} {getattr(trigger, 'timezone', '')}"


def _job_kwargs(installation: str) -> dict[str, str]:
    """A job's arguments: which installation it works for (none for the one installation of a bot token)."""
    return {"installation": installation} if installation else {}


def sync_round_job(scheduler: BackgroundScheduler, schedule: Schedule, installation: str = "") -> None:
    """Make the stored round job follow ``schedule``, without touching a job that already does.

    Replacing an unchanged job would recompute its next run from now and lose a run
    missed while the app was down, so an existing job is only rescheduled when its
    rule changed.
    """
    trigger = schedule.trigger()
    job = scheduler.get_job(ROUND_JOB_ID)
    if job is None:
        scheduler.add_job(ROUND_FUNC, trigger, id=ROUND_JOB_ID, name="intro round", replace_existing=True,
                          kwargs=_job_kwargs(installation))
        log.info("round job scheduled: %s", schedule.describe())
    elif _fingerprint(job.trigger) != _fingerprint(trigger):
        scheduler.reschedule_job(ROUND_JOB_ID, trigger=trigger)
        log.info("round job rescheduled: %s", schedule.describe())


def start_scheduler(services: Services) -> BackgroundScheduler:
    """Start the process's scheduler: the persisted round job and the one-minute tick."""
    set_services(services)
    scheduler = make_scheduler(services.engine, services.settings.timezone)
    scheduler.start(paused=True)  # job stores open, nothing runs before the jobs are in order
    sync_round_job(scheduler, current_schedule(services), services.key)
    scheduler.add_job("bot.scheduler:tick", "interval", minutes=1, id=TICK_JOB_ID, name="tick", jobstore="local",
                      replace_existing=True, kwargs=_job_kwargs(services.key))
    scheduler.resume()
    with _lock:
        _running[services.key] = scheduler
    return scheduler


def stop_scheduler(scheduler: BackgroundScheduler) -> None:
    scheduler.shutdown(wait=False)
    with _lock:
        for key, running in list(_running.items()):
            if running is scheduler:
                del _running[key]


def job_store(engine: Engine) -> SQLAlchemyJobStore:
    """The persistent job store, opened without a running scheduler (for the CLI and tests).

    A scheduler started only to edit its store could, while shutting down, run a job
    that is due right then; the store alone never runs anything.
    """
    store = SQLAlchemyJobStore(engine=engine, tablename=JOB_TABLE)
    store.start(make_scheduler(engine), "default")
    return store


def store_job(store: SQLAlchemyJobStore, job_id: str, func: str, trigger: BaseTrigger,
              next_run_time: datetime | None = None, name: str = "", kwargs: dict[str, str] | None = None) -> Job:
    """Write (or overwrite) a job in ``store`` as a scheduler would, with our defaults."""
    job = Job(store._scheduler, id=job_id, func=func, trigger=trigger, executor="default", args=(), kwargs=kwargs or {},
              name=name or job_id, misfire_grace_time=int(MISFIRE_GRACE.total_seconds()), coalesce=True,
              max_instances=1, next_run_time=next_run_time or trigger.get_next_fire_time(None, datetime.now(UTC)))
    if store.lookup_job(job_id) is None:
        store.add_job(job)
    else:
        store.update_job(job)
    return job


def apply_schedule(services: Services) -> None:
    """After the settings changed: update the stored round job (this process's scheduler, or the store)."""
    schedule = current_schedule(services)
    with _lock:
        running = _running.get(services.key)
    if running is not None and running.running:
        sync_round_job(running, schedule, services.key)
        return
    store = job_store(services.engine)
    job = store.lookup_job(ROUND_JOB_ID)
    if job is None or _fingerprint(job.trigger) != _fingerprint(schedule.trigger()):
        store_job(store, ROUND_JOB_ID, ROUND_FUNC, schedule.trigger(), name="intro round",
                  kwargs=_job_kwargs(services.key))


def tick(installation: str = "") -> None:
    """The one-minute job: every sweep, then the round job brought in line with the stored settings."""
    services = current_services(installation)
    run_due(services)
    keep_schedule_in_sync(services)


def keep_schedule_in_sync(services: Services) -> None:
    """Settings changed by another process (CLI, another replica) reach this scheduler."""
    with _lock:
        running = _running.get(services.key)
    if running is not None and running.running:
        sync_round_job(running, current_schedule(services), services.key)
