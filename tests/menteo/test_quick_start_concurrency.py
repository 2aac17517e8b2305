"""The SQLite quick start under the same click several times at once: every click gets an
answer (done, or refused with a reason), never "database is locked". Run in a fresh process on
a throwaway SQLite file, as tests/menteo/test_quick_start_sqlite.py does."""

import textwrap

from tests.menteo.test_quick_start_sqlite import manage

CLICKS = 8

SCRIPT = textwrap.dedent(
    f"""
    import threading, uuid
    from collections import Counter
    from django.conf import settings
    from django.db import connection, connections
    from menteo.errors import DomainError
    from mentorships import services as mentorships
    from rooms import services as rooms
    from rooms.models import Message, Room
    from tests.factories import MentorshipRequestFactory, make_mentorship

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        print("journal", cursor.fetchone()[0])
    print("mode", settings.DATABASES["default"]["OPTIONS"]["transaction_mode"])

    mentorship = make_mentorship(stage="cultivation")
    room = Room.objects.get(mentorship=mentorship)
    request = MentorshipRequestFactory()
    same_click = uuid.uuid4()


    def at_once(name, action):
        barrier = threading.Barrier({CLICKS})
        outcomes = Counter()

        def click(index):
            try:
                barrier.wait()
                action(index)
                outcomes["done"] += 1
            except DomainError:
                outcomes["refused"] += 1
            except Exception as error:
                outcomes[f"{{type(error).__name__}}: {{error}}"] += 1
            finally:
                connections.close_all()

        threads = [threading.Thread(target=click, args=[i]) for i in range({CLICKS})]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        print(name, dict(sorted(outcomes.items())))


    at_once("messages", lambda i: rooms.message_post(
        room=room, author=mentorship.mentee, body=f"Message {{i}}", client_token=uuid.uuid4()
    ))
    at_once("same-message", lambda i: rooms.message_post(
        room=room, author=mentorship.mentee, body="Twice", client_token=same_click
    ))
    at_once("accept", lambda i: mentorships.request_accept(
        request_id=request.pk, by=request.mentor
    ))
    at_once("stage", lambda i: mentorships.transition(
        mentorship=mentorship, to="separation", by=mentorship.mentor, note="Time to let go."
    ))
    print("stored", Message.objects.filter(room=room).count())
    """
)


def test_the_same_click_at_once_never_finds_the_database_locked(tmp_path):
    database = tmp_path / "quick-start.sqlite3"
    migrate = manage("migrate", "--noinput", database=database)
    assert migrate.returncode == 0, migrate.stderr
    result = manage("shell", "-c", SCRIPT, database=database)
    assert result.returncode == 0, result.stderr
    keys = {"journal", "mode", "messages", "same-message", "accept", "stage", "stored"}
    # The console email backend prints the notices' emails in between.
    lines = dict(
        line.split(" ", 1) for line in result.stdout.splitlines() if line.split(" ")[0] in keys
    )
    assert lines["journal"] == "wal"
    assert lines["mode"] == "IMMEDIATE"
    assert lines["messages"] == f"{{'done': {CLICKS}}}", result.stdout
    assert lines["same-message"] == f"{{'done': {CLICKS}}}", result.stdout  # one message
    assert lines["accept"] == f"{{'done': 1, 'refused': {CLICKS - 1}}}", result.stdout
    assert lines["stage"] == f"{{'done': 1, 'refused': {CLICKS - 1}}}", result.stdout
    assert lines["stored"] == str(CLICKS + 1)
