from django.contrib import admin

from quizzes.models import Course, Membership, Source


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "join_code", "created_at"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "course", "role"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "course", "status", "created_at"]
    exclude = ["original"]
