"""An index for a story's related stories (articles/reader/views.py,
tag_neighbours): the stories under one tag in id order, so that the ones
filed just before and after a story are a range read however many stories
the tag has. taggit's own indexes lead with the story (content type,
object id), which answers "this story's tags" but not "this tag's
stories near id N"."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0018_admin_indexes"),
        (
            "taggit",
            "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx",
        ),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX taggit_tag_object_idx"
            " ON taggit_taggeditem (tag_id, content_type_id, object_id)",
            "DROP INDEX taggit_tag_object_idx",
        ),
    ]
