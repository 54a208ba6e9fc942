// (basedir is this script's folder here: the pom passes the clone as 'example'.)
// examples/maven built with this build's Maven: MainTest ran (it asserts the vector variant and
// the reference check), and the README's run command, exec:exec@run, ran Main on the vector kernel.
def log = new File(example, 'build.log').text
assert log =~ /Tests run: 3, Failures: 0, Errors: 0, Skipped: 0/ : 'MainTest did not run its 3 tests'
assert log.contains('WinAttn: 5 kernels generated')
assert log =~ /swin_v1 window=7x7 dim=96 heads=3 qkv_bias=true on generated-vector: max \|generated - reference\| = \d/ :
    'exec:exec@run did not run Main on the vector kernel'
return true
