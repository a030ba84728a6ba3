"""manage.py clean_photo_originals: write every stored original again as
uploads are stored today (articles.photos.upkeep), once after upgrading."""

from django.core.management.base import BaseCommand

from articles import photos
from articles.models import Photo
from articles.photos.upkeep import restore_original
from articles.reader import cache as page_cache


class Command(BaseCommand):
    help = "重写已存的图片原件：去掉注释、附加数据等非图像内容，按实际格式设定类型。"

    def handle(self, *args, **options):
        rewritten, cleaned, refused = 0, 0, []
        for photo in Photo.objects.order_by("pk").iterator():
            try:
                changed = restore_original(photo)
            except photos.ImageRejected as rejection:
                refused.append(f"图片 #{photo.pk}：{rejection}")
                continue
            except OSError:  # missing from the storage, unreadable
                refused.append(f"图片 #{photo.pk}：原件文件读不出来，未处理。")
                continue
            rewritten += 1
            cleaned += changed
        page_cache.purge()  # pages name the renditions by the new checksums
        self.stdout.write(
            f"已重写 {rewritten} 张图片的原件，其中 {cleaned} 张去掉了非图像内容。"
        )
        for line in refused:
            self.stderr.write(line)
