console.log('marginalia');
