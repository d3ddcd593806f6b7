/* The unit filter of lists: type a name, pick a unit; the hidden input carries its id. */
(function () {
  function setup(input) {
    var hidden = document.getElementById(input.dataset.unitInput);
    var list = document.getElementById(input.getAttribute('list'));
    var timer, last = '';
    function pick() {
      var options = list.querySelectorAll('option');
      for (var i = 0; i < options.length; i++) {
        if (options[i].value === input.value) {
          if (hidden.value !== options[i].dataset.id) {
            hidden.value = options[i].dataset.id;
            hidden.dispatchEvent(new Event('change', {bubbles: true}));
          }
          return true;
        }
      }
      return false;
    }
    input.addEventListener('input', function () {
      if (pick()) return;
      if (input.value.trim() === '' && hidden.value !== '') {
        hidden.value = '';
        hidden.dispatchEvent(new Event('change', {bubbles: true}));
        return;
      }
      clearTimeout(timer);
      if (input.value.trim().length < 2 || input.value === last) return;
      timer = setTimeout(function () {
        last = input.value;
        fetch(input.dataset.unitLookup + '&q=' + encodeURIComponent(input.value),
              {headers: {'HX-Request': 'true'}, credentials: 'same-origin'})
          .then(function (r) { return r.ok ? r.text() : ''; })
          .then(function (html) { list.innerHTML = html; pick(); });
      }, 250);
    });
    /* The name box itself is not a filter: its changes must not reload the list. */
    input.addEventListener('change', function (e) { e.stopPropagation(); pick(); });
  }
  function init(root) {
    root.querySelectorAll('input[data-unit-lookup]').forEach(function (input) {
      if (!input.dataset.ready) { input.dataset.ready = '1'; setup(input); }
    });
  }
  document.addEventListener('DOMContentLoaded', function () { init(document); });
  /* Empty filters stay out of the address the list pushes: ?unit=33, not ?q=&unit=33&… */
  document.addEventListener('htmx:configRequest', function (e) {
    if (!e.detail.elt.closest || !e.detail.elt.closest('.list-filters')) return;
    var params = e.detail.parameters;
    Array.from(params.keys ? params.keys() : Object.keys(params)).forEach(function (key) {
      if (params.get ? params.get(key) === '' : params[key] === '') {
        if (params.delete) params.delete(key); else delete params[key];
      }
    });
  });
})();
