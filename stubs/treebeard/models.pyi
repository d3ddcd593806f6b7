from typing import TypeVar

from django.db import models

_T = TypeVar("_T", bound=models.Model)

class Node(models.Model): ...
class NodeManager(models.Manager[_T]): ...
