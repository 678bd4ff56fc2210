"""Scheduled work and delivery: the schedule table woken by APScheduler, and the outbox."""
