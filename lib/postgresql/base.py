"""Django's PostgreSQL backend, told how many parameters one statement may carry.

With server-side binding (settings: DATABASE_PREPARED_STATEMENTS) the parameters travel apart
from the SQL, and the protocol allows at most 65,535 of them in a statement. Django 5.2 assumes
no limit on PostgreSQL, so a large ``bulk_create``, a delete that cascades to tens of thousands
of rows, or ``in_bulk`` with as many ids would fail instead of being split into batches, as Django
splits them on SQLite. Newer Django versions know the limit (ticket #36822); this backend can go
when the project moves to one.
"""

from django.db.backends.postgresql import base, features, operations
from django.utils.functional import cached_property

SERVER_SIDE_PARAMETERS = 2**16 - 1


class DatabaseFeatures(features.DatabaseFeatures):
    @cached_property
    def max_query_params(self):
        if self.connection.settings_dict["OPTIONS"].get("server_side_binding") is True:
            return SERVER_SIDE_PARAMETERS
        return None


class DatabaseOperations(operations.DatabaseOperations):
    def bulk_batch_size(self, fields, objs):
        """As many rows as fit the parameter limit (used by bulk_create, bulk_update and deletes)."""
        limit = self.connection.features.max_query_params
        if limit is None or not fields:
            return super().bulk_batch_size(fields, objs)
        return max(limit // len(fields), 1)


class DatabaseWrapper(base.DatabaseWrapper):
    features_class = DatabaseFeatures
    ops_class = DatabaseOperations
