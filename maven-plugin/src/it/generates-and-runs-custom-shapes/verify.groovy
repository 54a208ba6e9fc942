// The kernels were generated, registered, compiled and their test ran green.
def gen = new File(basedir, 'target/generated-sources/winattn/it/winattn/kernels')
assert new File(gen, 'TinySwin_Plain.java').isFile() : "no TinySwin_Plain.java in ${gen}: ${gen.list()}"
assert new File(gen, 'TinySwin_Vector.java').isFile()
def services = new File(basedir, 'target/classes/META-INF/services/io.github.winattn.kernel.KernelCatalog')
assert services.isFile() : 'the service registration was not packaged as a resource'
assert services.text.trim().startsWith('it.winattn.kernels.')
def log = new File(basedir, 'build.log').text
assert log.contains('WinAttn: 3 kernels generated')
assert log =~ /Tests run: 4, Failures: 0, Errors: 0/
return true
