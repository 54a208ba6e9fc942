// After the second build (one-shape.yaml) the removed kernel's sources are gone, the kept ones are
// still there, and the catalogue no longer mentions the removed one.
def gen = new File(basedir, 'target/generated-sources/winattn/it/winattn/removed')
def names = gen.list() as List
assert names.any { it.startsWith('Kept') } : "kept kernel missing: ${names}"
assert !names.any { it.startsWith('Dropped') } : "removed kernel still generated: ${names}"
def catalog = names.find { it.endsWith('KernelCatalog.java') }
assert catalog != null : "no catalogue in ${names}"
assert !new File(gen, catalog).text.contains('Dropped')
def log = new File(basedir, 'build.log').text
assert log.contains('WinAttn: 2 kernels generated')
assert log =~ /WinAttn: 1 kernel generated \(\d+ files? written, \d+ unchanged, [1-9]\d* stale deleted\)/
return true
