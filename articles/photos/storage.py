"""Media on S3-compatible storage, with each object's headers set by us.

django-storages takes an object's Content-Type from the file object's
`content_type` (the browser's claim, for an upload) unless the object
parameters name one; get_object_parameters is its documented per-object hook
(storages.backends.s3.S3Storage). Settings name this class when a bucket is
configured."""

from storages.backends.s3 import S3Storage

from .originals import media_headers

#: media_headers' names → boto3's ExtraArgs names.
S3_PARAMETERS = {
    "Content-Type": "ContentType",
    "Content-Disposition": "ContentDisposition",
}


class MediaStorage(S3Storage):
    def get_object_parameters(self, name):
        parameters = super().get_object_parameters(name)
        for header, value in media_headers(name).items():
            parameters[S3_PARAMETERS[header]] = value
        return parameters
