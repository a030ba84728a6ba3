import io

import factory
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from accounts.models import Correspondent, Organisation, User
from articles.models import Article, ArticlePhoto, Credit, Photo, Section


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    is_staff = True
    password = factory.django.Password("a-long-test-password")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(Group.objects.get(name=extracted))


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"单位{n}")


class CorrespondentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Correspondent

    name = factory.Sequence(lambda n: f"记者{n}")
    kind = Correspondent.Kind.STAFF


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    name = factory.Sequence(lambda n: f"栏目{n}")
    slug = factory.Sequence(lambda n: f"section-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    headline = factory.Sequence(lambda n: f"测试稿件标题{n}")
    body = "<p>11月23日，江城市总工会召开会议。</p>"
    section = factory.SubFactory(SectionFactory)


class PublishedArticleFactory(ArticleFactory):
    status = Article.Status.PUBLISHED
    publish_at = factory.LazyFunction(
        lambda: timezone.now() - timezone.timedelta(hours=1)
    )
    first_published_at = factory.SelfAttribute("publish_at")


def jpeg_bytes(size=(64, 48), colour=(200, 30, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


class PhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Photo

    image = factory.LazyFunction(lambda: ContentFile(jpeg_bytes(), name="photo.jpg"))
    caption = "职工在服务站休息。"
    alt_text = "几名快递员坐在服务站里休息"


class CreditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Credit

    correspondent = factory.SubFactory(CorrespondentFactory)
    role = Credit.Role.REPORTER


class ArticlePhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArticlePhoto

    article = factory.SubFactory(ArticleFactory)
    photo = factory.SubFactory(PhotoFactory)
