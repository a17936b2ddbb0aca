"""Money at the JSON door: Litestar decodes it with the application's one strict parser
and states its pattern in the OpenAPI (issue 13, item 3).

The commands declare money fields as :data:`budget.application.fields.Money`; msgspec
hands their JSON value to `decode_money` (Litestar's `type_decoders`), so a number, an
exponent, an underscore, a sign, spaces or non-ASCII digits are a 400 naming the field.
"""

from __future__ import annotations

from typing import Any

from litestar.openapi.spec import OpenAPIType, Schema
from litestar.plugins import OpenAPISchemaPlugin
from litestar.typing import FieldDefinition

from budget.application.fields import MONEY_EXAMPLE, MONEY_PATTERN, decode_money, is_money

MONEY_DECODERS = [(is_money, decode_money)]


class MoneySchema(OpenAPISchemaPlugin):
    """A money field in the OpenAPI: a string of its pattern (not Decimal's number)."""

    @staticmethod
    def is_plugin_supported_type(value: Any) -> bool:
        return is_money(value)

    def to_openapi_schema(
        self,
        field_definition: FieldDefinition,  # noqa: ARG002 - one Schema for every money field
        schema_creator: Any,  # noqa: ARG002
    ) -> Schema:
        return Schema(
            type=OpenAPIType.STRING,
            pattern=MONEY_PATTERN,
            examples=[MONEY_EXAMPLE],
            description="Baht: ASCII digits with at most two decimals, as a string",
        )
