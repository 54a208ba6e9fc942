// Every mistake is reported at once, each as file:line:column: message, and nothing is generated.
def log = new File(basedir, 'build.log').text
def file = 'src/main/winattn/kernels.yaml'
[
  ':6:12: heads must divide dim (96 % 5 != 0)',
  ':8:13: video_swin needs a 3-D window like 8x7x7, got \'7x7\'',
  ':11:5: unknown key \'colour\' in kernel #2',
  ':16:12: class name \'not-a-name\' is not a Java identifier',
].each { expected ->
  assert log.contains(file + expected) : "build.log lacks ${file}${expected}"
}
assert log.contains('4 problems in the kernels configuration')
assert log.contains('MojoFailureException') || log.contains('invalid kernels configuration')
assert !new File(basedir, 'target/generated-sources/winattn/.winattn-stamp').exists()
return true
