from django.apps import AppConfig


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = "Retain"

    def ready(self) -> None:
        from django.urls import register_converter
        from django.urls.converters import get_converters

        from quizzes.core.converters import IdConverter

        if "id" not in get_converters():
            register_converter(IdConverter, "id")
        # Signal receivers: tokens revoked when a password changes.
        import quizzes.accounts.signals  # noqa: F401
        from quizzes.ops.signals import connect

        connect()
