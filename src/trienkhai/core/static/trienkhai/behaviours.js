/* The page behaviours that used to be inline handlers (onclick, onsubmit, hx-on), which the
   Content-Security-Policy forbids: declared in the HTML with data- attributes, wired here once
   for the whole document (so they work on rows HTMX inserts too). */
(function () {
  // <form data-confirm="…"> or <button data-confirm="…">: ask before sending.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var question = (submitter && submitter.dataset.confirm) || form.dataset.confirm;
    if (question && !window.confirm(question)) event.preventDefault();
  }, true);

  document.addEventListener('change', function (event) {
    var field = event.target;
    if (field.matches && field.matches('[data-submit-on-change]') && field.form) field.form.submit();
  });

  document.addEventListener('click', function (event) {
    var target = event.target.closest && event.target.closest('[data-print], [data-tree-toggle]');
    if (!target) return;
    if (target.matches('[data-print]')) {
      window.print();
      return;
    }
    // A unit's +/− in the tree: the first click loads the children (HTMX); later clicks hide
    // and show them without asking the server again.
    if (target.getAttribute('aria-expanded') === 'true') {
      var children = target.closest('li').querySelector('.children');
      children.hidden = !children.hidden;
      target.textContent = children.hidden ? '+' : '−';
      event.preventDefault();
    }
  });

  document.addEventListener('htmx:afterRequest', function (event) {
    var toggle = event.detail.elt;
    if (toggle && toggle.matches && toggle.matches('[data-tree-toggle]') && event.detail.successful) {
      toggle.setAttribute('aria-expanded', 'true');
      toggle.textContent = '−';
      toggle.setAttribute('hx-disable', '');
    }
  });
})();
