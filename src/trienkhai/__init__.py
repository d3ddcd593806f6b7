"""trienkhai: carry a resolution from the top of a hierarchy into practice."""
