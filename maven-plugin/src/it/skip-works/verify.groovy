// Skipped: the broken configuration was not read, nothing was generated, the build passed.
def log = new File(basedir, 'build.log').text
assert log.contains('WinAttn: skipped (winattn.skip=true)')
assert !new File(basedir, 'target/generated-sources/winattn/.winattn-stamp').exists()
assert new File(basedir, 'target/classes/it/winattn/App.class').isFile()
return true
