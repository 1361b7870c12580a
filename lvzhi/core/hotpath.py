"""The reads every signed-in request makes before its view runs, in SQL written out once.

Each request reads its session, its user, the user's roles with their committees and, on a page, the unread count.
Through the ORM each of those small queries costs ~0.25 ms of building and compiling for ~0.02 ms in the database,
about 1 ms a request in all, a sixth of a light page. Here they go straight to the cursor; instances are still built
by the models' own `from_db`, their values through the backend's converters, so they behave as ORM ones do.
These queries run outside any committee scope (they find the scope), so nothing scoped is bypassed.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any, TypeVar

from django.db import connections, models, router
from django.db.models.sql import Query

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class _Shape:
    """A read's SQL and what turns its rows into instances, worked out once per model, column, count and join."""

    sql: str
    compiler: Any
    converters: dict
    names: list[str]
    related_model: type[models.Model] | None
    related_names: list[str]


@lru_cache(maxsize=64)
def _shape(model: type[models.Model], column: str, count: int, related: str | None, alias: str) -> _Shape:
    connection = connections[alias]
    table = model._meta.db_table
    columns = [f.get_col(table) for f in model._meta.concrete_fields]
    join, related_model, related_names = "", None, []
    if related is not None:
        field = model._meta.get_field(related)
        related_model = field.related_model
        other = related_model._meta
        columns += [f.get_col(other.db_table) for f in other.concrete_fields]
        related_names = [f.attname for f in other.concrete_fields]
        join = f' JOIN "{other.db_table}" ON "{other.db_table}"."{other.pk.column}" = "{table}"."{field.column}"'
    names = ", ".join(f'"{c.alias}"."{c.target.column}"' for c in columns)
    marks = ", ".join(["%s"] * count)
    order = f'"{table}"."{model._meta.pk.column}"'
    sql = f'SELECT {names} FROM "{table}"{join} WHERE "{table}"."{column}" IN ({marks}) ORDER BY {order}'
    compiler = connection.ops.compiler("SQLCompiler")(Query(model), connection, alias)
    own = [f.attname for f in model._meta.concrete_fields]
    return _Shape(sql, compiler, compiler.get_converters(columns), own, related_model, related_names)


def where_in(model: type[M], column: str, values: Sequence[object], *, related: str | None = None) -> list[M]:
    """Instances of `model` whose `column` is one of `values`, in primary-key order; with `related` (a foreign key)
    each comes with that row too, as select_related would give it."""
    if not values:
        return []
    alias = router.db_for_read(model)
    shape = _shape(model, column, len(values), related, alias)
    with connections[alias].cursor() as cursor:
        cursor.execute(shape.sql, list(values))
        rows = cursor.fetchall()
    if shape.converters:
        rows = list(shape.compiler.apply_converters(rows, shape.converters))
    split = len(shape.names)
    found = []
    for row in rows:
        instance = model.from_db(alias, shape.names, row[:split])
        if shape.related_model is not None:
            setattr(instance, related, shape.related_model.from_db(alias, shape.related_names, row[split:]))
        found.append(instance)
    return found


def by_pk(model: type[M], pk: object) -> M | None:
    found = where_in(model, model._meta.pk.column, [pk])
    return found[0] if found else None


def scalar(model: type[models.Model], query: str, params: Sequence[object]) -> object:
    """The first column of the first row of `query`, on `model`'s read database."""
    with connections[router.db_for_read(model)].cursor() as cursor:
        cursor.execute(query, list(params))
        row = cursor.fetchone()
    return row[0] if row else None


def db_datetime(model: type[models.Model], value: datetime) -> object:
    """`value` as the database compares it (naive UTC text on SQLite), as the ORM would adapt it."""
    return connections[router.db_for_read(model)].ops.adapt_datetimefield_value(value)
