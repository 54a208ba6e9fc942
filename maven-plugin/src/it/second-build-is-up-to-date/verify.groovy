// Both invocations log into build.log: the first generates, the second finds its inputs unchanged,
// rewrites no source, so the compiler has nothing to do either.
def log = new File(basedir, 'build.log').text
def first = log.indexOf('WinAttn: 2 kernels generated')
def second = log.indexOf('WinAttn: 2 kernels up to date')
assert first >= 0 : 'the first build did not generate'
assert second > first : 'the second build was not up to date'
assert log.indexOf('Nothing to compile', second) > second : 'the second build recompiled: a source was rewritten'
assert new File(basedir, 'target/generated-sources/winattn/.winattn-stamp').isFile()
return true
