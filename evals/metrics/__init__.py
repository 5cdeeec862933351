"""One module per metric. Each has typed input / per-case / aggregate dataclasses and pure functions:
``score(input) -> per-case`` and ``aggregate(per-case scores) -> aggregate``. No I/O anywhere."""
