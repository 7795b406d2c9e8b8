// Reference-app links `activity-description?uuid=<uuid>` (or `?name=<name>`) land here on a
// plain static server; forward to the app's own route for that activity. The app root is the
// folder above this one, whether or not the URL ended with a slash.
(function () {
  var q = new URLSearchParams(location.search);
  var key = q.get("uuid") || q.get("name");
  var root = location.pathname.replace(/activity-description(\/(index\.html)?)?$/, "");
  location.replace(root + (key ? "#/activity/" + encodeURIComponent(key) : "#/"));
})();
