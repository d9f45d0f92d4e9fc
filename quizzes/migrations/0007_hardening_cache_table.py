"""The database cache's table (throttles and the login lockout count in it; settings.CACHES).

`migrate` makes it, so a fresh clone, `make run` and a deployment need no separate
`createcachetable`. With REDIS_URL set the command has nothing to do."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("quizzes", "0006_hardening_tokens_heartbeats")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
