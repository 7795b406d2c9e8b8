// Reference-app links `activity-description?uuid=<uuid>` (or `?name=<name>`) land here on a
// plain static server; forward to the app's own route for that activity.
(function () {
  var q = new URLSearchParams(location.search);
  var key = q.get("uuid") || q.get("name");
  location.replace("../" + (key ? "#/activity/" + encodeURIComponent(key) : "#/"));
})();
