"""`manage.py demo`: a demo newsroom to try the product with.

Idempotent: running it again creates nothing twice. It never runs unless
asked (`make run` asks).
"""

import io
import os
import random
import secrets
from datetime import timedelta
from functools import partial

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from accounts.demo import demo_backup_codes
from accounts.models import Correspondent, Organisation, User
from articles import editing, photos, workflow
from articles.demo import content, frontpage, lexicon
from articles.demo import epaper as demo_epaper
from articles.demo import planning as demo_planning
from articles.demo.desks import desk_for, make_desks
from articles.models import (
    Article,
    ArticlePhoto,
    Credit,
    Photo,
    Section,
    SensitiveWord,
)
from articles.reader import cache as page_cache
from articles.workflow.desks import signers
from fees import demo as fees_demo


class Command(BaseCommand):
    help = "创建演示用的报社：栏目、署名人、约 30 篇稿件和每个角色的演示账号。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            help="演示账号的密码；也可用环境变量 NEWSROOM_DEMO_PASSWORD 提供。"
            "不提供时为新账号生成一个并打印出来。",
        )

    def handle(self, *args, password=None, **options):
        if password is None:
            password = os.environ.get("NEWSROOM_DEMO_PASSWORD") or None
        if password is not None and len(password) < 8:
            raise CommandError("演示账号密码至少需要 8 个字符。")
        with transaction.atomic(), workflow.quietly():
            organisations = self.make_organisations()
            people = self.make_correspondents(organisations)
            sections = self.make_sections()
            users, generated = self.make_accounts(people, password)
            self.desks = make_desks(users)
            created = self.make_articles(people, sections, users)
            self.make_lexicon()
            # 稿费: rate tables, a 财务 account, fees and this month's
            # statements (fees/demo.py).
            finance_password = fees_demo.make(users["editor"], password or generated)
            frontpage.curate()
            # 数字报: yesterday's edition, its pages and 热区 (demo/epaper.py).
            demo_epaper.make(users["chief"])
            # 选题: today's and tomorrow's plan, in each state (demo/planning.py).
            demo_planning.make(users, self.desks)
        page_cache.purge()  # sections and people as well as the stories
        self.stdout.write(
            self.style.SUCCESS(
                f"演示报社就绪：{Section.objects.count()} 个栏目，"
                f"{Correspondent.objects.count()} 位署名人，"
                f"{Article.objects.count()} 篇稿件（本次新建 {created} 篇）。"
            )
        )
        for username, codes in demo_backup_codes(users).items():
            self.stdout.write(
                f"{username} 登录时还要输入验证码，可用这些备用码（每个只能用一次）："
                + " ".join(codes)
            )
        if generated:
            self.stdout.write(
                "演示账号 reporter、correspondent、editor、desk、yaowen、night、"
                f"chief、admin、finance 的密码：{generated}"
            )
        elif finance_password:
            self.stdout.write(f"新建的财务演示账号 finance 的密码：{finance_password}")
        elif password is None:
            self.stdout.write("演示账号已存在，密码未改动；用 --password 可重新设置。")

    def make_lexicon(self):
        # After the stories, which were filed and signed before the desk
        # kept a lexicon; a word already there keeps what an editor set.
        for word, level, replacement, note in lexicon.LEXICON:
            SensitiveWord.objects.get_or_create(
                word=word,
                defaults={"level": level, "replacement": replacement, "note": note},
            )

    def make_organisations(self):
        return {
            name: Organisation.objects.get_or_create(
                name=name, defaults={"short_name": short}
            )[0]
            for name, short in content.ORGANISATIONS
        }

    def make_correspondents(self, organisations):
        people = {}
        for key, name, kind, affiliation, bio in content.CORRESPONDENTS:
            org = organisations.get(affiliation)
            people[key], _ = Correspondent.objects.get_or_create(
                name=name, kind=kind, affiliation=org, defaults={"bio": bio}
            )
        return people

    def make_sections(self):
        sections = {}
        for slug, name, order, is_column, description in content.SECTIONS:
            sections[slug], _ = Section.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "order": order,
                    "is_column": is_column,
                    "description": description,
                },
            )
        return sections

    def make_accounts(self, people, password):
        generated = None
        users = {}
        for username, group_name, person, first, last in content.ACCOUNTS:
            user = User.objects.filter(username=username).first()
            if user is None:
                if password is None and generated is None:
                    generated = secrets.token_urlsafe(12)
                user = User(
                    username=username,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@newsroom.invalid",
                    is_staff=True,
                    is_superuser=group_name is None,
                )
                user.set_password(password or generated)
                user.save()
            elif password is not None:
                user.set_password(password)
                user.save(update_fields=["password"])
            if group_name:
                user.groups.add(Group.objects.get(name=group_name))
            if person and people[person].user_id is None:
                people[person].user = user
                people[person].save(update_fields=["user"])
            users[username] = user
        return users, generated

    def make_articles(self, people, sections, users):
        now = timezone.now().replace(second=0, microsecond=0)
        created = 0
        for spec in content.ARTICLES:
            if Article.objects.filter(headline=spec["headline"]).exists():
                continue
            author = (
                users["correspondent"]
                if spec["credits"][0][0] == "xu"
                else users["reporter"]
            )
            publish_at = None
            if spec["days"] is not None:
                publish_at = now + timedelta(
                    days=spec["days"],
                    hours=-random.Random(spec["headline"]).randint(0, 10),
                )
            article = Article(
                kind=spec["kind"],
                kicker=spec["kicker"],
                headline=spec["headline"],
                subtitle=spec["subtitle"],
                section=sections[spec["section"]],
                body="".join(f"<p>{paragraph}</p>" for paragraph in spec["body"]),
                summary=spec["body"][0][:80]
                if spec["body"]
                else spec.get("caption", ""),
                created_by=author,
                # 要闻 and 图片新闻 are their desks'; others their author's.
                desk=desk_for(spec, self.desks),
            )
            editing.create(
                article,
                by=author,
                related=partial(self.attach, article, spec, people, users),
            )
            self.move_through_workflow(article, spec, author, publish_at)
            created += 1
        return created

    def attach(self, article, spec, people, users):
        """The story's tags, byline and photos."""
        article.tags.set(spec["tags"])
        for position, (person, role) in enumerate(spec["credits"]):
            Credit.objects.create(
                article=article,
                correspondent=people[person],
                role=role,
                position=position,
            )
        for position, (_name, person) in enumerate(spec.get("photos", [])):
            photo = self.make_photo(spec, position, people[person], users["reporter"])
            ArticlePhoto.objects.create(article=article, photo=photo, position=position)

    def move_through_workflow(self, article, spec, author, publish_at):
        """Take the story to its demo state the way the newsroom would: through
        the review chain, each stage signed by a different demo account."""
        status = spec["status"]
        if status == "draft":
            return
        workflow.submit(article, by=author)
        if status == "returned":
            workflow.send_back(
                article,
                by=self.signer(article, 1, author, []),
                reason=spec["return_reason"],
            )
            return
        stages = len(workflow.chain())
        to_sign = spec.get("stage", stages + 1) - 1 if status == "submitted" else stages
        signed = []
        for number in range(1, to_sign + 1):
            signer = self.signer(article, number, author, signed)
            workflow.approve(article, by=signer, comment="同意。")
            signed.append(signer)
        if status in ("published", "withdrawn"):
            chief = User.objects.get(username="chief")
            workflow.publish(article, by=chief, at=publish_at)
            if status == "withdrawn":
                workflow.withdraw(article, by=chief, reason=spec["withdraw_reason"])

    def signer(self, article, number, author, signed):
        stage = workflow.chain()[min(number, len(workflow.chain())) - 1]
        candidate = (
            signers(stage, article)  # of the story's desk at 复审
            .exclude(pk__in=[author.pk, *(user.pk for user in signed)])
            .order_by("pk")
            .first()
        )
        if candidate is None:
            raise CommandError(
                f"审稿环节“{stage.label}”的“{stage.group}”组没有可以审签的演示账号。"
            )
        return candidate

    def make_photo(self, spec, index, photographer, uploader):
        image = photos.prepare_upload(
            ContentFile(generated_picture(f"{spec['headline']}-{index}"), "demo.jpg")
        )
        photo = Photo.objects.filter(checksum=image.checksum).first()
        if photo:
            return photo
        photo = photos.add_photo(
            image,
            caption=spec.get("caption", ""),
            alt_text=f"{spec['headline']}现场照片",
            taken_at=timezone.now() - timedelta(days=1),
            uploaded_by=uploader,
        )
        Credit.objects.create(photo=photo, correspondent=photographer, role="photo")
        return photo


def generated_picture(seed: str, size=(1600, 1067)) -> bytes:
    """A calm abstract picture, the same for the same seed."""
    rng = random.Random(seed)
    top = tuple(rng.randint(40, 200) for _ in range(3))
    bottom = tuple(rng.randint(40, 200) for _ in range(3))
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(size[1]):
        t = y / size[1]
        draw.line(
            [(0, y), (size[0], y)],
            fill=tuple(
                round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)
            ),
        )
    for _ in range(6):
        x, y = rng.randint(0, size[0]), rng.randint(0, size[1])
        r = rng.randint(60, 260)
        colour = tuple(rng.randint(120, 255) for _ in range(3))
        draw.ellipse([x - r, y - r, x + r, y + r], outline=colour, width=12)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()
