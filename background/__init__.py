"""Background work on the task queue (django.tasks): the retries every
newsroom task gets (`retries.background_task`), the admin's list of recent
task results with its 重试 action, and the progress of a page import
confirmed in the background (`models.ImportRun`).

The tasks themselves live beside what they do: a photo's processing in
articles.photos.tasks, notification mail in articles.workflow.mail, import
confirmation in articles.importer.queued, the search-index rebuild in
articles.reader.search_tasks and the page-cache purge in
articles.reader.cache."""
