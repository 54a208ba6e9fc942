// (basedir is this script's folder here: the pom passes the clone as 'example'.)
// examples/maven built with the oldest supported Maven (the plugin's prerequisite), really that one.
def log = new File(example, 'build.log').text
assert log.contains('Apache Maven 3.6.3') : 'not built with Maven 3.6.3'
assert log =~ /Tests run: 3, Failures: 0, Errors: 0, Skipped: 0/ : 'MainTest did not run its 3 tests'
return true
