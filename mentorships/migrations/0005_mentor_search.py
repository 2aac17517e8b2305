# Ranked mentor search on PostgreSQL: the pg_trgm extension, a stored search vector and a
# denormalised text per mentor profile, both kept current by triggers, and their GIN indexes.
# SQLite (the quick start) gets the two columns, left empty, and none of the rest: its
# directory searches by substring.

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.conf import settings
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models


class AddIndexOnPostgres(migrations.AddIndex):
    """A GIN index exists only on PostgreSQL; the state records it on every database."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class RunSQLOnPostgres(migrations.RunSQL):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class TrigramExtensionOnPostgres(TrigramExtension):
    """Django's operation skips SQLite going forwards but not backwards."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


# The profile's own trigger derives both columns from the person and the tags on every insert
# and update, so the other triggers only need to touch the profiles a change concerns.
TRIGGERS = """
CREATE FUNCTION mentorships_mentor_search_fill() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    person accounts_user%ROWTYPE;
    tags text;
BEGIN
    SELECT * INTO person FROM accounts_user WHERE id = NEW.user_id;
    SELECT coalesce(string_agg(tag.name, ' ' ORDER BY tag.name), '') INTO tags
      FROM mentorships_mentorprofile_expertise link
      JOIN mentorships_expertise tag ON tag.id = link.expertise_id
     WHERE link.mentorprofile_id = NEW.id;
    NEW.search_vector :=
           setweight(to_tsvector('english', coalesce(person.display_name, '')), 'A')
        || setweight(to_tsvector('english', coalesce(person.headline, '') || ' ' || tags), 'B')
        || setweight(to_tsvector('english', coalesce(person.bio, '')), 'C');
    NEW.search_text := concat_ws(' ', person.display_name, person.headline, tags);
    RETURN NEW;
END $$;

CREATE TRIGGER mentorships_mentor_search_fill
    BEFORE INSERT OR UPDATE ON mentorships_mentorprofile
    FOR EACH ROW EXECUTE FUNCTION mentorships_mentor_search_fill();

CREATE FUNCTION mentorships_mentor_search_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'accounts_user' THEN
        UPDATE mentorships_mentorprofile SET search_text = '' WHERE user_id = NEW.id;
    ELSIF TG_TABLE_NAME = 'mentorships_expertise' THEN
        UPDATE mentorships_mentorprofile SET search_text = '' WHERE id IN (
            SELECT mentorprofile_id FROM mentorships_mentorprofile_expertise
             WHERE expertise_id = NEW.id);
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE mentorships_mentorprofile SET search_text = '' WHERE id = OLD.mentorprofile_id;
    ELSE
        UPDATE mentorships_mentorprofile SET search_text = '' WHERE id = NEW.mentorprofile_id;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER mentorships_mentor_search_person
    AFTER UPDATE OF display_name, headline, bio ON accounts_user
    FOR EACH ROW
    WHEN (OLD.display_name IS DISTINCT FROM NEW.display_name
          OR OLD.headline IS DISTINCT FROM NEW.headline
          OR OLD.bio IS DISTINCT FROM NEW.bio)
    EXECUTE FUNCTION mentorships_mentor_search_touch();

CREATE TRIGGER mentorships_mentor_search_tag_name
    AFTER UPDATE OF name ON mentorships_expertise
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION mentorships_mentor_search_touch();

CREATE TRIGGER mentorships_mentor_search_tags
    AFTER INSERT OR UPDATE OR DELETE ON mentorships_mentorprofile_expertise
    FOR EACH ROW EXECUTE FUNCTION mentorships_mentor_search_touch();

UPDATE mentorships_mentorprofile SET search_text = '';
"""

DROP_TRIGGERS = """
DROP TRIGGER mentorships_mentor_search_tags ON mentorships_mentorprofile_expertise;
DROP TRIGGER mentorships_mentor_search_tag_name ON mentorships_expertise;
DROP TRIGGER mentorships_mentor_search_person ON accounts_user;
DROP TRIGGER mentorships_mentor_search_fill ON mentorships_mentorprofile;
DROP FUNCTION mentorships_mentor_search_touch();
DROP FUNCTION mentorships_mentor_search_fill();
"""


class Migration(migrations.Migration):

    dependencies = [
        ('mentorships', '0004_request_expired'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        TrigramExtensionOnPostgres(),
        migrations.AddField(
            model_name='mentorprofile',
            name='search_text',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='mentorprofile',
            name='search_vector',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        AddIndexOnPostgres(
            model_name='mentorprofile',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_vector'], name='mentor_search_vector'),
        ),
        AddIndexOnPostgres(
            model_name='mentorprofile',
            index=django.contrib.postgres.indexes.GinIndex(django.contrib.postgres.indexes.OpClass('search_text', name='gin_trgm_ops'), name='mentor_search_trigram'),
        ),
        RunSQLOnPostgres(TRIGGERS, DROP_TRIGGERS),
    ]
