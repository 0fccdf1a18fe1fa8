"""The change-record table moved from regioplan to audit without losing a row."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("regioplan", "0004_alter_changerecord_action"),
    ("participatie", "0002_alter_participationmoment_moment_has_subject"),
    ("audit", None),
]
KIND = "suggestion"
AFTER = [("audit", "0002_rename_table"), ("participatie", "0003_input_led_to_audit")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([t for t in targets if t[1]]).apps


@pytest.mark.django_db(transaction=True)
def test_moving_the_table_keeps_every_record_and_the_links_to_it():
    old = _migrate(BEFORE)
    OldRecord = old.get_model("regioplan", "ChangeRecord")
    ContentType = old.get_model("contenttypes", "ContentType")
    Input = old.get_model("participatie", "Input")
    ct, _ = ContentType.objects.get_or_create(app_label="regioplan", model="operationalgoal")
    kept = [
        OldRecord.objects.create(
            content_type=ct,
            object_id=i,
            object_repr=f"doel {i}",
            action="update",
            changes={"title": ["oud", "nieuw"]},
            reason=f"reden {i}",
        )
        for i in range(3)
    ]
    linked = Input.objects.create(kind=KIND, text="Meer wandelpaden", led_to=kept[1])

    total = OldRecord.objects.count()

    new = _migrate(AFTER)
    NewRecord = new.get_model("audit", "ChangeRecord")
    assert NewRecord._meta.db_table == "audit_changerecord"
    assert NewRecord.objects.count() == total
    rows = list(
        NewRecord.objects.filter(pk__in=[r.pk for r in kept])
        .order_by("object_id")
        .values("id", "reason", "changes")
    )
    assert [r["id"] for r in rows] == [r.pk for r in kept]
    assert [r["reason"] for r in rows] == ["reden 0", "reden 1", "reden 2"]
    assert rows[0]["changes"] == {"title": ["oud", "nieuw"]}
    moved_input = new.get_model("participatie", "Input").objects.get(pk=linked.pk)
    assert moved_input.led_to_id == kept[1].pk
    # The next record continues the old sequence instead of colliding with a kept id.
    assert (
        NewRecord.objects.create(
            content_type_id=ct.pk, object_id=9, object_repr="x", action="create"
        ).pk
        > kept[-1].pk
    )
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    assert "regioplan_changerecord" not in tables
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())  # back to the latest
