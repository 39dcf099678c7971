"""The teaching-process table: each chosen point's row at its stage, generic rows for the core stages."""

from __future__ import annotations

from assistant.drafting.inputs import DraftInput
from assistant.drafting.model import ProcessRow
from assistant.drafting.outline import point_values
from assistant.drafting.placeholders import fill
from assistant.drafting.requirements import PointSpec
from assistant.drafting.templates import Templates

__all__ = ["build_process"]

_CELLS = ("teacher", "student", "technology", "intent")


def _untagged(cell: str, code: str) -> str:
    """A merged cell already says 【A1】, so its own trailing （A1） goes."""
    return cell.removesuffix(f"（{code}）")


def build_process(inp: DraftInput, specs: dict[str, PointSpec], tpl: Templates,
                  values: dict[str, str]) -> list[ProcessRow]:
    """Rows in stage order; points sharing a stage share its row, each cell saying which point does what."""
    by_stage: dict[str, list[tuple[str, dict[str, str]]]] = {}
    for ability in inp.points:
        spec = specs[ability.code]
        pv = point_values(values, ability, spec, inp, short=True)
        for row in spec.process:
            cells = {c: fill(getattr(row, c), pv) for c in _CELLS}
            by_stage.setdefault(row.stage, []).append((ability.code, cells))
    rows: list[ProcessRow] = []
    for stage in tpl.stages:
        entries = by_stage.get(stage)
        if entries:
            if len(entries) == 1:
                merged = dict(entries[0][1])
            else:
                merged = {c: "；".join(f"【{code}】{_untagged(cells[c], code)}" for code, cells in entries)
                          for c in _CELLS}
            rows.append(ProcessRow(stage=stage, points=[code for code, _ in entries], **merged))
        elif stage in tpl.core_stages:
            generic = tpl.generic_rows[stage]
            rows.append(ProcessRow(stage=stage, **{c: fill(getattr(generic, c), values) for c in _CELLS}))
    return rows
