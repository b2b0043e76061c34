"""Parameter values taken as they are where typer's pydantic check of them changes nothing.

Typer (0.29) checks every parameter's value with a pydantic `TypeAdapter` it builds the first
time a command parses: importing pydantic and building the adapters of `validate`'s 18
parameters took 0.1 s of every run, a third of its start. Most values need none of it: a
parameter's own default, a `str` given for a `str`, a path given for a `Path` and paths for a
`list[Path]` (typer's own `coerce_cli_path`, which its adapter calls, checks each). Those are
taken here; any other value (a number given for `--max-findings`) goes to typer's adapter,
built when first needed, so its checks and messages are typer's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, get_args, get_origin

from typer import core
from typer._click.core import Context, ParameterSource
from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
from typer._param_types import coerce_cli_path, lenient_issubclass, routes_to_path

_PLAIN = (str, int, float, bool)


@dataclass(frozen=True)
class _QuickParam(RuntimeParam):
    descriptor: TypeDescriptor

    @cached_property
    def _typers(self) -> RuntimeParam:
        return build_runtime_param(self.descriptor)

    def _coerce_value(self, value: Any, param: Any, ctx: Context) -> Any:
        kind = self.annotation if isinstance(self.annotation, type) else None
        given = ctx.get_parameter_source(param.name) is not ParameterSource.DEFAULT
        if kind in _PLAIN and type(value) is kind and (kind is str or not given):
            return value
        paths = self._paths(kind, value, param, ctx)
        return self._typers._coerce_value(value, param, ctx) if paths is None else paths

    def _paths(self, kind: type | None, value: Any, param: Any, ctx: Context) -> Any:
        """A path given for a `Path` (`kind`), or paths for a `list[Path]` (`import staff`'s
        files), as typer makes them; None for any other value."""
        if kind is not None and self._is_path(kind) and isinstance(value, str | Path):
            return self._path(kind, value, param, ctx)
        item = _list_of(self.annotation)
        if item is not None and self._is_path(item) and _paths_given(value):
            return [self._path(item, one, param, ctx) for one in value]
        return None

    def _path(self, kind: type, value: str | Path, param: Any, ctx: Context) -> Any:
        return coerce_cli_path(
            Path(value), self.parameter_info, path_type=kind, param=param, ctx=ctx
        )

    def _is_path(self, kind: type) -> bool:
        """A path typer would give as `kind` (not as the text given: `path_type=str`)."""
        info = self.parameter_info
        return (
            info.path_type is None and lenient_issubclass(kind, Path) and routes_to_path(kind, info)
        )


def _list_of(annotation: Any) -> type | None:
    """The item type of a `list[...]` annotation; None for any other."""
    if get_origin(annotation) is list and len(args := get_args(annotation)) == 1:
        return args[0] if isinstance(args[0], type) else None
    return None


def _paths_given(value: Any) -> bool:
    return (
        isinstance(value, list | tuple)
        and bool(value)
        and all(isinstance(one, str | Path) for one in value)
    )


def _quick(descriptor: TypeDescriptor) -> RuntimeParam:
    if descriptor.file_annotation is not None or descriptor.parameter_info.parser is not None:
        return build_runtime_param(descriptor)
    return _QuickParam(descriptor.parameter_info, descriptor.annotation, descriptor)


def install() -> None:
    """Typer's parameters take their values here first (typer.core looks the builder up by name
    when a parameter is first parsed)."""
    core.build_runtime_param = _quick  # type: ignore[attr-defined]
