"""Drafting, discussion, approval and versions of programs (owned by the drafting screens)."""

from django.urls import path

from . import approval, programs, tasks

urlpatterns: list = [
    path("", programs.ProgramListView.as_view(), name="program-list"),
    path("add/", programs.ProgramCreateView.as_view(), name="program-add"),
    path("<int:pk>/", programs.ProgramDetailView.as_view(), name="program-detail"),
    path("<int:pk>/edit/", programs.ProgramEditView.as_view(), name="program-edit"),
    path("<int:pk>/comment/", programs.CommentView.as_view(), name="program-comment"),
    path("<int:pk>/tasks/add/", tasks.TaskCreateView.as_view(), name="task-add"),
    path("tasks/<int:pk>/edit/", tasks.TaskEditView.as_view(), name="task-edit"),
    path("tasks/<int:pk>/remove/", tasks.TaskRemoveView.as_view(), name="task-remove"),
    path("<int:pk>/discussion/", approval.OpenDiscussionView.as_view(), name="program-discuss"),
    path("<int:pk>/approve/", approval.ApproveView.as_view(), name="program-approve"),
    path("<int:pk>/send-back/", approval.SendBackView.as_view(), name="program-send-back"),
    path("<int:pk>/effect/", approval.EffectView.as_view(), name="program-effect"),
    path("<int:pk>/close/", approval.CloseView.as_view(), name="program-close"),
    path("<int:pk>/revise/", approval.ReviseView.as_view(), name="program-revise"),
    path("<int:pk>/deputy/", approval.DeputyView.as_view(), name="program-deputy"),
]
