"""Realistic, deterministic demo data: a school year of a support room.

A face over the services like `caseroom.cli`: it writes through the models and the
services' helpers, and no service imports it.
"""
